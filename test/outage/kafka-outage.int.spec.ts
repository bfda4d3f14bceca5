import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import type { Gateway } from '@cw/gateway';
import { startTestGateway } from '../support/gateway.js';
import { eventually } from '../support/env.js';

const infra = (...args: string[]) => execFileSync('bash', ['infra/bin/infra.sh', ...args], { stdio: 'pipe', timeout: 180_000 });

// Stops the shared broker, so it runs last (its own folder, listed last in .mocharc.int.json) and
// only against the broker this checkout started.
describe('gateway /healthz through a Kafka outage', function () {
  this.timeout(240_000);
  let gw: Gateway;
  before(async function () {
    // Skipped only when the broker was not started by this checkout's infra.sh (a broker of your own,
    // or one another checkout started): it is not ours to stop. CI starts its own.
    if (/^kafka\s+external/m.test(infra('status').toString())) this.skip();
    gw = await startTestGateway();
  });
  after(async () => {
    infra('start', 'kafka');
    await gw?.stop();
  });

  it('turns 503 naming kafka when the broker stops, and recovers without a gateway restart', async () => {
    expect((await fetch(`${gw.url}/healthz`)).status).to.equal(200);
    infra('stop', 'kafka');
    const stoppedAt = Date.now();
    const down = await eventually(async () => {
      const res = await fetch(`${gw.url}/healthz`);
      return res.status === 503 ? (await res.json()) as { checks: Record<string, string> } : undefined;
    }, '503 from /healthz', 60_000);
    // A figure, not an assertion (tests do not assert timings): the health check's Kafka probe interval bounds it.
    console.log(`      /healthz answered 503 ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s after the broker stopped`);
    expect(down.checks.kafka).to.match(/^failed/);
    expect(down.checks.mongo).to.equal('ok');
    expect(down.checks.redis).to.equal('ok');

    infra('start', 'kafka');
    await eventually(async () => (await fetch(`${gw.url}/healthz`)).status === 200, '200 after Kafka restart', 60_000);
  });
});
