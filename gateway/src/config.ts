import { loadConfig, parse, platformSettings } from '@cw/platform';
import { DEFAULT_CONFIG_PATH } from '@cw/routing';

export const gatewaySettings = {
  ...platformSettings,
  PORT: { describe: 'HTTP port of the gateway', default: 8080, parse: parse.port },
  INTAKE_WAIT_MS: { describe: 'how long an intake request waits for its case numbers before answering 202 pending', default: 5000, parse: parse.positiveInt },
  ROUTING_CONFIG: { describe: 'routing rules and region file, the same the router service uses (category suggestions, district names)', default: DEFAULT_CONFIG_PATH, parse: parse.string },
  COMMAND_WAIT_MS: { describe: 'how long a command request waits for the workflow verdict', default: 5000, parse: parse.positiveInt },
};

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(gatewaySettings, env);
