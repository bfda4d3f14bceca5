import { startGateway, loadGatewayConfig, type Gateway } from '@cw/gateway';
import { testLogger } from './env.js';

/** Starts a gateway in-process on a free port against the real servers. */
export async function startTestGateway(env: Record<string, string> = {}): Promise<Gateway> {
  return startGateway(loadGatewayConfig({ ...process.env, PORT: '0', ...env }), testLogger);
}
