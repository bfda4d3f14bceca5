import { expect } from 'chai';
import type { Gateway } from '@cw/gateway';
import { startTestGateway } from '../support/gateway.js';

describe('gateway /healthz', () => {
  let gw: Gateway & { adminKey: string };
  before(async () => { gw = await startTestGateway(); });
  after(async () => { await gw.stop(); });

  it('answers 200 with every check ok when Kafka, MongoDB and Redis answer', async () => {
    const res = await fetch(`${gw.url}/healthz`);
    const body = await res.json();
    expect(body).to.deep.equal({ status: 'ok', checks: { kafka: 'ok', mongo: 'ok', redis: 'ok' } });
    expect(res.status).to.equal(200);
  });

  it('serves bull-board at /admin/queues with the deadline queue, to admins only', async () => {
    const admin = { authorization: `Bearer ${gw.adminKey}` };
    const page = await fetch(`${gw.url}/admin/queues`, { headers: admin });
    expect(page.status).to.equal(200);
    expect(await page.text()).to.match(/<html/i);
    const anonymousBrowser = await fetch(`${gw.url}/admin/queues`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(anonymousBrowser.status).to.equal(302);
    expect(anonymousBrowser.headers.get('location')).to.equal('/login?next=%2Fadmin%2Fqueues');
    expect((await fetch(`${gw.url}/admin/queues/api/queues`)).status).to.equal(401);
    const api = await fetch(`${gw.url}/admin/queues/api/queues`, { headers: admin });
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
