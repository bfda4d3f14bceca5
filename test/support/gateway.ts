import { startGateway, loadGatewayConfig, type Gateway } from '@cw/gateway';
import { testLogger } from './env.js';
import { randomApiKey } from './auth.js';

/** Starts a gateway in-process on a free port against the real servers, with a bootstrap admin key. */
export async function startTestGateway(env: Record<string, string> = {}): Promise<Gateway & { adminKey: string }> {
  const adminKey = randomApiKey();
  const gw = await startGateway(loadGatewayConfig({ ...process.env, PORT: '0', CW_BOOTSTRAP_API_KEY: adminKey, ...env }), testLogger);
  return Object.assign(gw, { adminKey });
}
