import { loadConfig, platformSettings } from '@cw/platform';

export const loadIntakeConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(platformSettings, env);
export type IntakeConfig = ReturnType<typeof loadIntakeConfig>;
