import { existsSync, mkdirSync } from 'node:fs';
import { expect } from 'chai';
import { chromium } from 'playwright-core';
import ExcelJS from 'exceljs';
import { connectMongo, type Connection } from '@cw/platform';
import type { ImportLine } from '@cw/contracts';
import { activeGeneration } from '@cw/stats';
import { runImport } from '../../scripts/import.js';
import { generateYear2020 } from '../../scripts/demo/year-2020.js';
import { startSystem, getJson, type TestSystem } from '../support/system.js';
import { loginAs } from '../support/auth.js';
import { bucketSnapshot, runStatsRebuild } from '../support/stats.js';
import { eventually, testLogger } from '../support/env.js';

const YEAR = 'from=2020-01-01&to=2020-12-31';


/**
 * The demo's promise: `npm run demo:2020` (the same generator and import) through the real
 * pipeline gives the seed report's figures; the stats service SIGKILLed a third of the way in and
 * restarted ends with buckets identical to a clean rebuild. Long: ~11,600 cases (see README).
 */
describe('the 2020 demo year through the real pipeline', function () {
  this.timeout(90 * 60_000);
  let sys: TestSystem;
  let mongo: Connection;
  before(async () => {
    sys = await startSystem(['gateway', 'intake', 'router', 'workflow', 'sla', 'stats']);
    mongo = await connectMongo(sys.env.MONGO_URL, testLogger);
  });
  after(async () => {
    await mongo?.close();
    await sys?.stopAll();
  });

  it('reports 9,994 accepted, 9,681 succeeded (96.9%), ¥4,024,000.00 and 97.56% on time, equal to a rebuild after a SIGKILL', async () => {
    const lines = generateYear2020() as unknown as ImportLine[];
    const started = Date.now();
    const importing = runImport(lines, { env: { ...sys.env, LOG_LEVEL: 'error' } });
    importing.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    // Mid-replay, once stats has counted a third of the accepted complaints: SIGKILL (no shutdown
    // code runs; memo and bucket writes are cut wherever they are), then start it again.
    await eventually(async () => {
      const s = (await getJson(`${sys.url}/api/v1/stats?${YEAR}`, sys.adminHeaders)).body;
      return (s.counts?.accepted?.value ?? 0) >= 3000 || undefined;
    }, 'stats to count a third of the year', 30 * 60_000, 2000);
    await sys.kill('stats');
    sys.start('stats');
    const result = await importing;
    const seconds = (Date.now() - started) / 1000;
    console.log(`      demo 2020: ${lines.length} records in ${seconds.toFixed(0)} s (${(lines.length / seconds).toFixed(1)} records/s)`);
    expect(result.refused).to.deep.equal([]);
    expect(result.records).to.equal(lines.length);

    const stats = await eventually(async () => {
      const s = (await getJson(`${sys.url}/api/v1/stats?${YEAR}`, sys.adminHeaders)).body;
      return s.counts?.accepted?.value === 9994 && s.rates.mediationSuccessRate.numerator === 9681
        && s.moneyRecovered.yuan === '4024000.00' && s.rates.onTimeVerificationRate.denominator === 1230 ? s : undefined;
    }, 'the 2020 figures', 10 * 60_000, 2000);
    expect(stats.rates.mediationSuccessRate).to.include({ numerator: 9681, denominator: 9994, percent: '96.87', display: '96.9%' });
    expect(stats.moneyRecovered).to.include({ yuan: '4024000.00', fen: '402400000' });
    expect(stats.rates.onTimeVerificationRate).to.include({ numerator: 1200, denominator: 1230, percent: '97.56' });

    // The workbook a bureau reports upward with: the same figures, read back with exceljs.
    const xlsx = await fetch(`${sys.url}/api/v1/stats/export?${YEAR}`, { headers: sys.adminHeaders });
    expect(xlsx.status).to.equal(200);
    expect(xlsx.headers.get('content-type')).to.contain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.worksheets.map((w) => w.name)).to.deep.equal(['说明', '合计', '明细（月·区县·类别·渠道）']);
    const cover = book.getWorksheet('说明')!;
    expect(cover.getCell('B2').value).to.equal('2020-01-01 – 2020-12-31');
    expect(cover.getColumn(1).values).to.include('成功调解率（÷受理）');
    const totals = new Map<string, unknown[]>();
    book.getWorksheet('合计')!.eachRow((row) => { const v = row.values as unknown[]; totals.set(String(v[1]), v.slice(2)); });
    expect(totals.get('受理投诉')![0]).to.equal(9994);
    expect(totals.get('挽回经济损失（元）')![0]).to.equal(4024000);
    expect(totals.get('成功调解率（÷受理）')!.slice(0, 4)).to.deep.equal(['96.9%', 9681, 9994, 0.9687]);
    expect(totals.get('举报按时核查率')!.slice(1, 3)).to.deep.equal([1200, 1230]);
    // The detail rows (month × district × category × channel) add up to the totals.
    const detail = book.getWorksheet('明细（月·区县·类别·渠道）')!;
    const header = (detail.getRow(1).values as unknown[]).map(String);
    const col = (h: string) => header.indexOf(h);
    let accepted = 0;
    let money = 0;
    const months = new Set<string>();
    detail.eachRow((row, n) => {
      if (n === 1) return;
      accepted += Number(row.getCell(col('受理投诉')).value);
      money += Math.round(Number(row.getCell(col('挽回经济损失（元）')).value) * 100);
      months.add(String(row.getCell(col('月份')).value));
    });
    expect(accepted).to.equal(9994);
    expect(money).to.equal(402400000);
    expect(months.size).to.equal(12);

    // The council's board shows the same figures, with the provincial comparison of the seed report.
    if (existsSync('/usr/bin/chromium')) {
      const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
      try {
        const council = await loginAs(sys, 'council');
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
        const [name, value] = council.cookie.split('=') as [string, string];
        await context.addCookies([{ name, value, url: sys.url, httpOnly: true, sameSite: 'Lax' }]);
        const page = await context.newPage();
        await page.goto(`${sys.url}/board?from=2020-01-01&to=2020-12-31`);
        const tile = (id: string) => page.locator(`[data-testid="${id}"]`).innerText();
        await eventually(async () => (await tile('accepted')) === '9,994' || (await tile('accepted')) === '9994', 'the board to show 2020', 30_000);
        expect(await tile('mediationSuccessRate')).to.equal('96.9%');
        expect(await tile('moneyRecovered')).to.equal('¥4,024,000.00');
        expect(await tile('onTimeVerificationRate')).to.equal('97.56%');
        expect(await tile('onTimeVerificationRateFraction')).to.equal('1,200 / 1,230');
        const comparison = await eventually(async () => {
          const text = await tile('onTimeVerificationRateComparison').catch(() => '');
          return text.includes('92.6%') ? text : undefined;
        }, 'the provincial comparison', 20_000);
        expect(comparison).to.equal('全省平均 约92.6%（高5.0个百分点），全省第4名');
        mkdirSync('test-artifacts', { recursive: true });
        await page.screenshot({ path: 'test-artifacts/board-2020.png', fullPage: true });
      } finally {
        await browser.close();
      }
    }

    // Settled (nothing more arrives), then a rebuild from offset 0 must give identical buckets.
    const generation = (await activeGeneration(mongo))!;
    const live = await bucketSnapshot(mongo, generation);
    const rebuilt = await runStatsRebuild(sys.env);
    expect(rebuilt.previous).to.equal(generation);
    expect(await bucketSnapshot(mongo, rebuilt.generation)).to.deep.equal(live);
  });
});
