import { DEADLINE_QUEUE } from '@cw/contracts';
import { loadConfig, parse, platformSettings } from '@cw/platform';
import { DEFAULT_CONFIG_PATH } from '@cw/routing';

const integer = (min: number) => (raw: string): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw Object.assign(new Error(`must be an integer >= ${min}`), { rule: 'integer' });
  return n;
};

export const REBUILD_MODES = ['auto', 'always', 'never'] as const;
export type RebuildMode = (typeof REBUILD_MODES)[number];

export const slaSettings = {
  ...platformSettings,
  ROUTING_CONFIG: { describe: 'path of the region file (reloaded when it changes): warnings count working days on its calendar', default: DEFAULT_CONFIG_PATH, parse: parse.string },
  SLA_WARN_WORKING_DAYS: { describe: 'warn this many working days before a due date (0: at the start of the due day)', default: 2, parse: integer(0) },
  SLA_CLOCK_OFFSET_MS: { describe: 'added to the wall clock when computing delays (tests and drills only; 0 in production)', default: 0, parse: integer(Number.MIN_SAFE_INTEGER) },
  SLA_REBUILD: { describe: 'rebuild the schedule from the cases collection at start: auto (when the queue is empty), always or never', default: 'auto' as RebuildMode, parse: parse.oneOf(REBUILD_MODES) },
  SLA_QUEUE: { describe: 'BullMQ queue of deadline jobs (KAFKA_TOPIC_PREFIX is prepended)', default: DEADLINE_QUEUE, parse: (raw: string) => {
    if (!/^[A-Za-z0-9._-]+$/.test(raw)) throw Object.assign(new Error('may only contain letters, digits, ".", "_" and "-"'), { rule: 'pattern' });
    return raw;
  } },
  SLA_WORKER_CONCURRENCY: { describe: 'deadline jobs processed at once', default: 4, parse: parse.positiveInt },
};
export const loadSlaConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(slaSettings, env);
export type SlaConfig = ReturnType<typeof loadSlaConfig>;
