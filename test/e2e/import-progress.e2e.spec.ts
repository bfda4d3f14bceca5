/**
 * The admin page's historical import in headless Chromium (issue 15 item 5): an admin picks an NDJSON
 * file, the page uploads it, shows the server validating it, then a progress bar that moves as the
 * bulk lane applies the cases, ending with the counts of GET /api/v1/imports/:id and the refusal
 * with its reason. A file with a bad line is refused naming the line, and nothing is sent.
 */
import path from 'node:path';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { startSystem, getJson, type TestSystem } from '../support/system.js';
import { createUser, type TestUser } from '../support/auth.js';
import { aComplaintRecord } from '../support/builders.js';
import { eventually, unique } from '../support/env.js';
import { ARTIFACTS, hasChromium, launchChromium, loggedInPage } from '../support/browser.js';

const RECORDS = 1500;

describe('historical import with live progress on the admin page (headless Chromium)', function () {
  this.timeout(240_000);
  let sys: TestSystem;
  let browser: Browser;
  let admin: TestUser;
  const problems: string[] = [];

  before(async function () {
    if (!hasChromium()) this.skip();
    sys = await startSystem(['gateway', 'intake', 'router', 'workflow']);
    admin = await createUser(sys, { role: 'admin', name: '系统管理员' });
    browser = await launchChromium();
  });
  after(async function () {
    if (this.currentTest?.state === 'failed' && sys) console.error(sys.dumpLogs());
    await browser?.close();
    await sys?.stopAll();
  });

  it('uploads a file, shows validation, then a bar that moves until every case is applied or refused', async () => {
    const run = unique('imp');
    const lines = Array.from({ length: RECORDS }, (_v, i) => JSON.stringify({
      record: aComplaintRecord({ sourceRef: `${run}-${i}`, receivedAt: '2020-04-01T09:00:00+08:00' }),
      // One case's step is dated before its receipt: refused, with the reason.
      steps: [{ type: 'AcceptComplaint', occurredAt: i === 7 ? '2020-03-01T10:00:00+08:00' : '2020-04-02T10:00:00+08:00' }],
    }));
    const page = await loggedInPage(browser, sys.url, admin, '/console', problems, { width: 1300, height: 900 });
    await page.goto(`${sys.url}/console/admin#imports`);
    await page.locator('[data-testid="import-form"]').waitFor();

    // A bad line: refused whole, naming the line; nothing is sent.
    await page.locator('[data-testid="import-file"]').setInputFiles({ name: 'bad.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(`${lines[0]}\n{"record": {"sourceRef": "x"}}\n`) });
    await page.locator('[data-testid="import-submit"]').click();
    const error = page.locator('[data-testid="import-error"]');
    await error.waitFor();
    expect(await error.innerText()).to.match(/line 2/);

    await page.locator('[data-testid="import-file"]').setInputFiles({ name: '2020.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines.join('\n')) });
    await page.locator('[data-testid="import-submit"]').click();
    // Sample what the page shows while the cases are applied.
    const seen: { phase: string; value: number; max: number }[] = [];
    const progress = page.locator('[data-testid="import-progress"]');
    await eventually(async () => {
      const s = await progress.evaluate((el) => {
        const bar = el.querySelector('progress') as unknown as { position: number; value: number; max: number } | null;
        return { phase: (el as unknown as { dataset: Record<string, string | undefined> }).dataset.phase ?? '', value: bar?.position === -1 ? -1 : bar?.value ?? -1, max: bar?.max ?? 0 };
      }).catch(() => undefined);
      if (s && (seen.length === 0 || JSON.stringify(seen.at(-1)) !== JSON.stringify(s))) {
        seen.push(s);
        if (s.phase === 'applying' && seen.filter((x) => x.phase === 'applying').length === 2) await page.screenshot({ path: path.join(ARTIFACTS, 'admin-import-progress.png') });
      }
      return s?.phase === 'done' ? s : undefined;
    }, 'the import done on the page', 180_000, 100);
    const applying = seen.filter((s) => s.phase === 'applying');
    expect(applying.length, `the bar moved while applying: ${JSON.stringify(seen)}`).to.be.greaterThan(1);
    expect(new Set(applying.map((s) => s.value)).size).to.be.greaterThan(1);
    expect(applying.every((s) => s.max === RECORDS && s.value < RECORDS)).to.equal(true);
    expect(seen.at(-1)).to.deep.equal({ phase: 'done', value: RECORDS, max: RECORDS });

    // The counts on the page are the API's.
    const importId = new URL(page.url()).hash.match(/id=([^&]+)/)![1]!;
    const api = (await getJson(`${sys.url}/api/v1/imports/${importId}`, sys.adminHeaders)).body;
    expect(api).to.deep.include({ records: RECORDS, cases: RECORDS, applied: RECORDS - 1, refused: 1, pending: 0, done: true });
    const count = async (k: string) => Number(await page.locator(`[data-testid="import-counts"] [data-count="${k}"] dd`).innerText());
    expect([await count('applied'), await count('refused'), await count('pending')]).to.deep.equal([RECORDS - 1, 1, 0]);
    const refusals = page.locator('[data-testid="import-refusals"] tbody tr');
    expect(await refusals.count()).to.equal(1);
    expect(await refusals.first().innerText()).to.contain(`${run}-7`).and.to.contain('OUT_OF_ORDER').and.to.contain('早于案件收到时间').and.not.to.contain('before the case was received');
    expect(await page.locator('[data-testid="import-progress"] .import-phase').innerText()).to.match(/导入完成/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'admin-import-done.png'), fullPage: true });

    // A reload follows the same import (its id is in the address).
    await page.reload();
    await page.locator('[data-testid="import-counts"]').waitFor();
    expect(await count('applied')).to.equal(RECORDS - 1);
    expect(problems, problems.join('\n')).to.deep.equal([]);
  });
});
