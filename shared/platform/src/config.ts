import { ValidationError, type ErrorDetail } from './errors.js';

/** One declared setting: how to parse it from the environment and its default. */
export interface Setting<T> {
  describe: string;
  default?: T;
  parse: (raw: string) => T;
}

type Settings = Record<string, Setting<unknown>>;
export type ConfigOf<S extends Settings> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

function fail(rule: string, message: string): never {
  throw Object.assign(new Error(message), { rule });
}

/** Parsers for the settings the services use. Each throws with the rule it enforces. */
export const parse = {
  string: (raw: string): string => (raw.trim() === '' ? fail('minLength', 'must not be empty') : raw.trim()),
  port: (raw: string): number => {
    const n = Number(raw);
    return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : fail('port', 'must be an integer port 0–65535');
  },
  positiveInt: (raw: string): number => {
    const n = Number(raw);
    return Number.isInteger(n) && n > 0 ? n : fail('positiveInteger', 'must be a positive integer');
  },
  brokers: (raw: string): string[] => {
    const list = raw.split(',').map((b) => b.trim()).filter(Boolean);
    if (list.length === 0) fail('minItems', 'must list at least one host:port');
    for (const b of list) if (!/^[^\s:]+:\d{1,5}$/.test(b)) fail('hostPort', `"${b}" is not host:port`);
    return list;
  },
  url: (protocols: string[]) => (raw: string): string => {
    let u: URL;
    try { u = new URL(raw); } catch { return fail('url', 'must be a URL'); }
    if (!protocols.includes(u.protocol)) fail('protocol', `must use ${protocols.join(' or ')}`);
    return raw;
  },
  oneOf: <T extends string>(values: readonly T[]) => (raw: string): T =>
    (values as readonly string[]).includes(raw) ? (raw as T) : fail('enum', `must be one of ${values.join(', ')}`),
};

/**
 * Reads and validates settings from `env` at start-up. Every bad value is reported at once, naming
 * the variable and the rule, so a misconfigured process fails fast instead of half-starting.
 */
export function loadConfig<S extends Settings>(settings: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  const details: ErrorDetail[] = [];
  for (const [key, setting] of Object.entries(settings)) {
    const raw = env[key];
    if (raw === undefined || raw === '') {
      if (setting.default === undefined) details.push({ pointer: `/${key}`, rule: 'required', message: `${key} is required (${setting.describe})` });
      else out[key] = setting.default;
      continue;
    }
    try {
      out[key] = setting.parse(raw);
    } catch (e) {
      const err = e as Error & { rule?: string };
      details.push({ pointer: `/${key}`, rule: err.rule ?? 'invalid', message: `${key} ${err.message}` });
    }
  }
  if (details.length > 0) {
    throw new ValidationError(`Invalid configuration: ${details.map((d) => d.message).join('; ')}`, details);
  }
  return out as ConfigOf<S>;
}

/** The settings every process shares. */
export const platformSettings = {
  KAFKA_BROKERS: { describe: 'comma-separated Kafka bootstrap brokers', default: ['127.0.0.1:9092'], parse: parse.brokers },
  MONGO_URL: { describe: 'MongoDB connection string', default: 'mongodb://127.0.0.1:27017/cw', parse: parse.url(['mongodb:', 'mongodb+srv:']) },
  REDIS_URL: { describe: 'Redis URL', default: 'redis://127.0.0.1:6379', parse: parse.url(['redis:', 'rediss:']) },
  LOG_LEVEL: { describe: 'pino log level', default: 'info' as const, parse: parse.oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const) },
  KAFKA_TOPIC_PREFIX: { describe: 'prefix of every topic and consumer group (isolates test runs on a shared broker)', default: '', parse: (raw: string) => {
    if (!/^[A-Za-z0-9._-]*$/.test(raw)) throw Object.assign(new Error('may only contain letters, digits, ".", "_" and "-"'), { rule: 'pattern' });
    return raw;
  } },
  KAFKA_PARTITIONS: { describe: 'partitions for provisioned topics', default: 12, parse: parse.positiveInt },
} satisfies Settings;

export type PlatformConfig = ConfigOf<typeof platformSettings>;
