import { loadConfig, parse, platformSettings } from '@cw/platform';
import { DEFAULT_CONFIG_PATH } from '@cw/routing';

export const workflowSettings = {
  ...platformSettings,
  ROUTING_CONFIG: { describe: 'path of the region file (reloaded when it changes): its deadlines section sets local closures, working days and the 12345 limits', default: DEFAULT_CONFIG_PATH, parse: parse.string },
};
export const loadWorkflowConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(workflowSettings, env);
export type WorkflowServiceConfig = ReturnType<typeof loadWorkflowConfig>;
