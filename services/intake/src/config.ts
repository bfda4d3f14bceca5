import { loadConfig, parse, platformSettings } from '@cw/platform';
import { DEFAULT_CONFIG_PATH } from '@cw/routing';

export const intakeSettings = {
  ...platformSettings,
  ROUTING_CONFIG: { describe: 'path of the routing rules and region file (reloaded when it changes); cases are routed at registration', default: DEFAULT_CONFIG_PATH, parse: parse.string },
};
export const loadIntakeConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(intakeSettings, env);
export type IntakeConfig = ReturnType<typeof loadIntakeConfig>;
