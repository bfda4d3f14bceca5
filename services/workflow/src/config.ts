import { loadConfig, platformSettings } from '@cw/platform';

export const loadWorkflowConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(platformSettings, env);
export type WorkflowServiceConfig = ReturnType<typeof loadWorkflowConfig>;
