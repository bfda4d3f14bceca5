import { expect } from 'chai';
import type { Gateway } from '@cw/gateway';
import { startTestGateway } from '../support/gateway.js';

describe('gateway /healthz', () => {
  let gw: Gateway;
  before(async () => { gw = await startTestGateway(); });
  after(async () => { await gw.stop(); });

  it('answers 200 with every check ok when Kafka, MongoDB and Redis answer', async () => {
    const res = await fetch(`${gw.url}/healthz`);
    const body = await res.json();
    expect(body).to.deep.equal({ status: 'ok', checks: { kafka: 'ok', mongo: 'ok', redis: 'ok' } });
    expect(res.status).to.equal(200);
  });

  it('serves bull-board at /admin/queues with the deadline queue', async () => {
    const page = await fetch(`${gw.url}/admin/queues`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.match(/<html/i);
    const api = await fetch(`${gw.url}/admin/queues/api/queues`);
    expect(api.status).to.equal(200);
    const body = (await api.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name)).to.include('sla-deadlines');
  });

  it('answers unknown routes with problem+json 404', async () => {
    const res = await fetch(`${gw.url}/api/v1/nope`);
    expect(res.status).to.equal(404);
    expect(res.headers.get('content-type')).to.match(/application\/problem\+json/);
  });
});
