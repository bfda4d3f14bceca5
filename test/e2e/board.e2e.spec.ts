import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startSystem, postJson, getJson, type TestSystem } from '../support/system.js';
import { aComplaintRecord, aWorkOrder } from '../support/builders.js';
import { eventually } from '../support/env.js';
import { createApiKey, loginAs, type LoggedIn, type TestApiKey } from '../support/auth.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve('test-artifacts');

describe('the council board in headless Chromium', function () {
  this.timeout(180_000);
  let sys: TestSystem;
  let browser: Browser;
  let page: Page;
  let operator: TestApiKey;
  let supervisor: TestApiKey;
  let council: LoggedIn;

  before(async function () {
    // .ci/run installs Debian's chromium; a developer machine without it cannot run this test.
    if (!existsSync(CHROMIUM)) this.skip();
    sys = await startSystem(['gateway', 'intake', 'router', 'workflow', 'stats']);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    operator = await createApiKey(sys, { role: 'operator' });
    supervisor = await createApiKey(sys, { role: 'supervisor' });
    // A council member logged in through the API; the browser gets the session cookie.
    council = await loginAs(sys, 'council');
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    const [name, value] = council.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: sys.url, httpOnly: true, sameSite: 'Lax' }]);
    page = await context.newPage();
  });
  after(async () => {
    await browser?.close();
    await sys?.stopAll();
  });

  const tile = (id: string) => page.locator(`[data-testid="${id}"]`).innerText();
  const apiFigures = async () => (await getJson(`${sys.url}/api/v1/stats`, council.headers)).body;

  it('shows the API figures, updates live without reloading, and keeps a screenshot', async () => {
    const res = await postJson(`${sys.url}/api/v1/intake/12315`, aComplaintRecord(), operator.headers);
    const { caseId } = res.body.cases[0];
    await eventually(async () => (await getJson(`${sys.url}/api/v1/cases/${caseId}`, supervisor.headers)).body.queue, 'routed case');

    await page.goto(`${sys.url}/board`);
    await eventually(async () => (await tile('live')).includes('实时连接'), 'the live indicator');
    expect(await page.locator('h1').innerText()).to.equal('消费维权实时看板');
    // Every chart fills its panel on first load, without a window resize (issue 15: 按类别 was squashed).
    const chartWidths = () => page.evaluate(() => ['chart-category', 'chart-district', 'chart-month'].map((id) => {
      const doc = (globalThis as unknown as { document: { getElementById(i: string): { clientWidth: number; querySelector(s: string): { clientWidth: number } | null } } }).document;
      const box = doc.getElementById(id);
      return { id, box: box.clientWidth, canvas: box.querySelector('canvas')?.clientWidth ?? 0 };
    }));
    const filled = async () => (await chartWidths()).every((w) => w.box > 100 && Math.abs(w.canvas - w.box) <= 2);
    await eventually(filled, 'charts as wide as their panels', 10_000);
    // …and follow their panels when the layout changes without a window resize.
    await page.evaluate(() => { (globalThis as unknown as { document: { querySelector(s: string): { style: { width: string } } } }).document.querySelector('.charts').style.width = '70%'; });
    await eventually(filled, `charts following their narrower panels: ${JSON.stringify(await chartWidths())}`, 10_000);
    await page.evaluate(() => { (globalThis as unknown as { document: { querySelector(s: string): { style: { width: string } } } }).document.querySelector('.charts').style.width = ''; });
    await eventually(filled, 'charts back to full width', 10_000);
    const before = await apiFigures();
    expect(await tile('accepted')).to.equal(String(before.counts.accepted.value));

    const updatesBefore = await page.evaluate(() => (globalThis as unknown as { __board: { updates: number } }).__board.updates);
    let version = (await getJson(`${sys.url}/api/v1/cases/${caseId}`, supervisor.headers)).body.version;
    for (const body of [
      { type: 'AcceptComplaint' }, { type: 'StartMediation' },
      { type: 'RecordMediationSuccess', refund: { amountYuan: '300.00' }, compensation: { amountYuan: '50.00' } },
    ]) {
      const r = await postJson(`${sys.url}/api/v1/cases/${caseId}/commands`, { ...body, expectedVersion: version }, supervisor.headers);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      version = r.body.version;
    }
    await eventually(async () => (await tile('moneyRecovered')).includes('350.00'), 'the money tile to move', 15_000);
    const after = await apiFigures();
    expect(await tile('accepted')).to.equal(String(after.counts.accepted.value));
    expect(await tile('mediationSuccessRate')).to.equal(after.rates.mediationSuccessRate.display);
    expect(await tile('moneyRecovered')).to.equal(`¥${after.moneyRecovered.yuan}`);
    const updatesAfter = await page.evaluate(() => (globalThis as unknown as { __board: { updates: number } }).__board.updates);
    expect(updatesAfter).to.be.greaterThan(updatesBefore);
    expect(await page.content()).not.to.contain('13800138000');

    // A 12345 order in the period brings the 12345 tiles.
    const tiles12345 = page.locator('[data-testid="tiles-12345"]');
    expect(await tiles12345.isVisible()).to.equal(false);
    expect((await postJson(`${sys.url}/api/v1/intake/12345`, aWorkOrder(), operator.headers)).status).to.equal(202);
    await eventually(async () => tiles12345.isVisible(), 'the 12345 tiles', 15_000);
    expect(await tile('onTimeAcknowledgmentRate')).to.equal('—');
    expect(await page.locator('[data-testid="onTimeAcknowledgmentRateFraction"]').innerText()).to.equal('暂无到期工单');
    expect(await page.locator('[data-testid="satisfactionRateDefinition"]').innerText()).to.contain('口径：');

    // The export button downloads the board's period as a workbook with the session of the page.
    const href = await page.locator('[data-testid="export"]').getAttribute('href');
    expect(href).to.match(/^\/api\/v1\/stats\/export\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&lang=zh$/);
    expect(await page.locator('[data-testid="export"]').innerText()).to.equal('导出 Excel');
    const download = await page.context().request.get(`${sys.url}${href}`);
    expect(download.status()).to.equal(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(await download.body()).buffer);
    const accepted = book.getWorksheet('合计')!.getRows(1, 40)!.find((r) => r.getCell(1).value === '受理投诉')!.getCell(2).value;
    expect(String(accepted)).to.equal((await tile('accepted')).replace(/,/g, ''));

    mkdirSync(ARTIFACTS, { recursive: true });
    // "Figures as of": the server's computation time of the figures shown, as a Beijing date and time.
    const asOf = page.locator('[data-testid="asOf"]');
    expect(await asOf.innerText()).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const shownAt = await page.evaluate(() => (globalThis as unknown as { __board: { data: { at: string } } }).__board.data.at);
    expect(await asOf.getAttribute('datetime')).to.equal(shownAt);
    const beijing = new Date(Date.parse(shownAt) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    expect(await asOf.innerText()).to.equal(beijing);

    // A click on a district's bar narrows the board to it (its categories); the chip goes back.
    const { district } = (await getJson(`${sys.url}/api/v1/cases/${caseId}`, supervisor.headers)).body as { district: string };
    expect(await page.locator('[data-testid="scope"]').isVisible()).to.equal(false);
    const bar = await page.evaluate((code) => {
      const g = globalThis as unknown as {
        document: { getElementById(i: string): { getBoundingClientRect(): { left: number; top: number } } };
        echarts: { getInstanceByDom(e: unknown): { convertToPixel(f: unknown, v: number[]): number[] } };
        __board: { keysOf: Record<string, string[]> };
      };
      const el = g.document.getElementById('chart-district');
      const index = g.__board.keysOf['chart-district']!.indexOf(code);
      const [x, y] = g.echarts.getInstanceByDom(el).convertToPixel({ seriesIndex: 0 }, [index, 0.5]);
      const box = el.getBoundingClientRect();
      return { index, x: box.left + x!, y: box.top + y! };
    }, district);
    expect(bar.index).to.be.at.least(0);
    await page.mouse.click(bar.x, bar.y);
    await eventually(async () => page.evaluate((code) => (globalThis as unknown as { __board: { data: { scope?: { district?: string } } } }).__board.data.scope?.district === code, district), 'the district snapshot');
    expect(await page.locator('[data-testid="scope"]').isVisible()).to.equal(true);
    expect(new URL(page.url()).searchParams.get('district')).to.equal(district);
    expect(await page.locator('[data-testid="export"]').getAttribute('href')).to.contain(`district=${district}`);
    const inDistrict = (await getJson(`${sys.url}/api/v1/stats?district=${district}`, council.headers)).body;
    expect(await tile('accepted')).to.equal(String(inDistrict.counts.accepted.value));
    const categories = await page.evaluate(() => (globalThis as unknown as { __board: { data: { breakdown: { byCategory: { key: string; accepted: number }[] } } } }).__board.data.breakdown.byCategory);
    expect(categories.reduce((n, c) => n + c.accepted, 0)).to.equal(inDistrict.counts.accepted.value);
    await page.screenshot({ path: path.join(ARTIFACTS, 'board-district.png'), fullPage: true });
    await page.locator('[data-testid="scope-reset"]').click();
    await eventually(async () => page.evaluate(() => (globalThis as unknown as { __board: { data: { scope?: { district?: string } } } }).__board.data.scope?.district === undefined), 'the whole region again');
    expect(await page.locator('[data-testid="scope"]').isVisible()).to.equal(false);
    expect(await tile('accepted')).to.equal(String((await apiFigures()).counts.accepted.value));

    await page.screenshot({ path: path.join(ARTIFACTS, 'board.png'), fullPage: true });
    await page.locator('#lang').click();
    expect(await page.locator('h1').innerText()).to.match(/live board/i);
    await page.screenshot({ path: path.join(ARTIFACTS, 'board-en.png'), fullPage: true });
  });

  it('sends a browser without a session to the login page instead of showing figures', async () => {
    const anonymous = await browser.newContext();
    try {
      const p = await anonymous.newPage();
      await p.goto(`${sys.url}/board`);
      await eventually(() => new URL(p.url()).pathname === '/login', 'the redirect to /login', 15_000);
      expect(new URL(p.url()).searchParams.get('next')).to.equal('/board');
    } finally {
      await anonymous.close();
    }
  });
});
