import { loadConfig, parse, platformSettings } from '@cw/platform';

export const statsSettings = {
  ...platformSettings,
  STATS_GENERATION_POLL_MS: { describe: 'how often the service checks whether a rebuild switched the active generation', default: 2000, parse: parse.positiveInt },
};
export const loadStatsConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(statsSettings, env);
export type StatsConfig = ReturnType<typeof loadStatsConfig>;
