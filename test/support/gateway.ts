import { startGateway, loadGatewayConfig, type Gateway } from '@cw/gateway';
import { eventually, mongoUrlFor, testLogger, unique } from './env.js';
import { randomApiKey } from './auth.js';

/** Starts a gateway in-process on a free port against the real servers, with a database of its own and a bootstrap admin key. */
export async function startTestGateway(env: Record<string, string> = {}): Promise<Gateway & { adminKey: string }> {
  const adminKey = randomApiKey();
  const gw = await startGateway(loadGatewayConfig({ ...process.env, PORT: '0', MONGO_URL: mongoUrlFor(unique('cw-gw')), CW_BOOTSTRAP_API_KEY: adminKey, ...env }), testLogger);
  // The live queues join their consumer group in the background: ready when /healthz says ok.
  await eventually(async () => (await fetch(`${gw.url}/healthz`)).status === 200, 'the gateway to be healthy', 60_000, 100);
  return Object.assign(gw, { adminKey });
}
