import { loadConfig, parse, platformSettings } from '@cw/platform';
import { DEFAULT_CONFIG_PATH } from '@cw/routing';
import { DUPLICATE_REPORT_WINDOW_DAYS } from '@cw/contracts';

export const intakeSettings = {
  ...platformSettings,
  DUPLICATE_REPORT_WINDOW_DAYS: { describe: 'days before a report in which an earlier report of the same reporter about the same business flags it as a possible duplicate', default: DUPLICATE_REPORT_WINDOW_DAYS, parse: parse.positiveInt },
  ROUTING_CONFIG: { describe: 'path of the routing rules and region file (reloaded when it changes); cases are routed at registration', default: DEFAULT_CONFIG_PATH, parse: parse.string },
};
export const loadIntakeConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(intakeSettings, env);
export type IntakeConfig = ReturnType<typeof loadIntakeConfig>;
