import { loadConfig, parse, platformSettings } from '@cw/platform';
import { DEFAULT_CONFIG_PATH } from '@cw/routing';

export const routerSettings = {
  ...platformSettings,
  ROUTING_CONFIG: { describe: 'path of the routing rules and region file (reloaded when it changes)', default: DEFAULT_CONFIG_PATH, parse: parse.string },
};
export const loadRouterConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(routerSettings, env);
export type RouterConfig = ReturnType<typeof loadRouterConfig>;
