import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startSystem, postJson, getJson, type TestSystem } from '../support/system.js';
import { aComplaintRecord } from '../support/builders.js';
import { eventually } from '../support/env.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test-artifacts');
const supervisor = { 'x-actor-id': 'sup-1', 'x-actor-role': 'supervisor' };

describe('the council board in headless Chromium', function () {
  this.timeout(180_000);
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;

  before(async function () {
    // .ci/run installs Debian's chromium; a developer machine without it cannot run this test.
    if (!existsSync(CHROMIUM)) this.skip();
    sys = await startSystem(['gateway', 'intake', 'router', 'workflow', 'stats']);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
  });
  after(async () => {
    await browser?.close();
    await sys?.stopAll();
  });

  const tile = (id: string) => page.locator(`[data-testid="${id}"]`).innerText();
  const apiFigures = async () => (await getJson(`${sys.url}/api/v1/stats`)).body;

  it('shows the API figures, updates live without reloading, and keeps a screenshot', async () => {
    const res = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord());
    const { caseId } = res.body.cases[0];
    await eventually(async () => (await getJson(`${sys.url}/api/v1/cases/${caseId}`)).body.queue, 'routed case');

    await page.goto(`${sys.url}/board`);
    await eventually(async () => (await tile('live')).includes('实时连接'), 'the live indicator');
    expect(await page.locator('h1').innerText()).to.equal('消费维权实时看板');
    const before = await apiFigures();
    expect(await tile('accepted')).to.equal(String(before.counts.accepted.value));

    let version = (await getJson(`${sys.url}/api/v1/cases/${caseId}`)).body.version;
    for (const body of [
      { type: 'AcceptComplaint' }, { type: 'StartMediation' },
      { type: 'RecordMediationSuccess', refund: { amountYuan: '300.00' }, compensation: { amountYuan: '50.00' } },
    ]) {
      const r = await postJson(`${sys.url}/api/v1/cases/${caseId}/commands`, { ...body, expectedVersion: version }, supervisor);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      version = r.body.version;
    }
    const updatesBefore = await page.evaluate(() => (globalThis as unknown as { __board: { updates: number } }).__board.updates);
    await eventually(async () => (await tile('moneyRecovered')).includes('350.00'), 'the money tile to move', 15_000);
    const after = await apiFigures();
    expect(await tile('accepted')).to.equal(String(after.counts.accepted.value));
    expect(await tile('mediationSuccessRate')).to.equal(after.rates.mediationSuccessRate.display);
    expect(await tile('moneyRecovered')).to.equal(`¥${after.moneyRecovered.yuan}`);
    const updatesAfter = await page.evaluate(() => (globalThis as unknown as { __board: { updates: number } }).__board.updates);
    expect(updatesAfter).to.be.greaterThan(updatesBefore);
    expect(await page.content()).not.to.contain('13800138000');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'board.png'), fullPage: true });
    await page.locator('#lang').click();
    expect(await page.locator('h1').innerText()).to.match(/live board/i);
    await page.screenshot({ path: path.join(ARTIFACTS, 'board-en.png'), fullPage: true });
  });
});
