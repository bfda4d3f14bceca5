import { loadConfig, parse, platformSettings } from '@cw/platform';
import { DEFAULT_CONFIG_PATH } from '@cw/routing';

export const statsSettings = {
  ...platformSettings,
  ROUTING_CONFIG: { describe: 'path of the region file: its deadlines section (local closures, working days) decides due dates; read when a generation starts, so a change applies with a rebuild', default: DEFAULT_CONFIG_PATH, parse: parse.string },
  STATS_GENERATION_POLL_MS: { describe: 'how often the service checks whether a rebuild switched the active generation', default: 2000, parse: parse.positiveInt },
};
export const loadStatsConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(statsSettings, env);
export type StatsConfig = ReturnType<typeof loadStatsConfig>;
