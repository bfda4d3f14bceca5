import { mkdtempSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DEFAULT_CONFIG_PATH } from './default-config.js';
const silent = { info: () => undefined, error: () => undefined };
import { perRulesVersion, readRules, watchRules } from './rules-source.js';

async function until(check: () => boolean, what: string, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('routing rules file', () => {
  const original = JSON.parse(readFileSync(DEFAULT_CONFIG_PATH, 'utf8')) as { queues: { triage: string } };

  it('loads the bundled Shanwei rules and routes with them', () => {
    const rules = readRules(DEFAULT_CONFIG_PATH);
    expect(rules.version).to.match(/^[0-9a-f]{12}$/);
    const r = rules.router.route({ summary: '电梯困人', narrative: '小区电梯多次困人', address: '汕尾市城区凤山街道' });
    expect(r).to.include({ category: 'special-equipment', district: '441502' });
  });

  it('skips parsing the model when asked (calendar-only processes), with the same version', () => {
    const full = readRules(DEFAULT_CONFIG_PATH);
    const lean = readRules(DEFAULT_CONFIG_PATH, { model: false });
    expect(lean.version).to.equal(full.version);
    const text = { summary: '刹车片异常磨损', narrative: '新车开了三个月刹车片就磨没了，4S店说是正常损耗' };
    expect(full.router.classify(text).ruleId).to.equal('model');
    expect(lean.router.classify(text).ruleId).not.to.equal('model');
    expect(lean.router.config.deadlines).to.deep.equal(full.router.config.deadlines);
  });

  it('reloads a changed file without a restart and keeps the old rules when the new file is invalid', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rules-'));
    const file = path.join(dir, 'region.json');
    writeFileSync(file, JSON.stringify(original));
    const watcher = watchRules(file, silent);
    try {
      const first = watcher.current().version;
      const changed = { ...original, queues: { ...original.queues, triage: 'manual-triage' } };
      writeFileSync(`${file}.tmp`, JSON.stringify(changed));
      renameSync(`${file}.tmp`, file); // how editors and config management replace files
      await until(() => watcher.current().version !== first, 'reload after change');
      expect(watcher.current().router.route({ summary: '无法归类的事情' }).queue).to.equal('manual-triage');

      const good = watcher.current().version;
      writeFileSync(file, '{"version": 1, "region": ');
      watcher.reload();
      expect(watcher.current().version).to.equal(good);
      // …and reload() does reload: a valid file is taken at once (so the check above is not vacuous).
      writeFileSync(file, JSON.stringify({ ...changed, queues: { ...changed.queues, triage: 'triage-2' } }));
      watcher.reload();
      expect(watcher.current().version).to.not.equal(good);
      expect(watcher.current().router.route({ summary: '无法归类的事情' }).queue).to.equal('triage-2');
    } finally {
      watcher.stop();
    }
  });

  it('builds what depends on the rules once per file version (perRulesVersion)', () => {
    let active = readRules(DEFAULT_CONFIG_PATH);
    let builds = 0;
    const closures = perRulesVersion(() => active, (c) => { builds += 1; return c.deadlines?.closures?.length ?? 0; });
    expect([closures(), closures()]).to.deep.equal([0, 0]);
    expect(builds).to.equal(1);
    const changed = { ...original, deadlines: { ...(original as { deadlines: object }).deadlines, closures: [{ from: '2020-02-03', to: '2020-02-07', reason: 'x' }] } };
    const dir = mkdtempSync(path.join(tmpdir(), 'rules-'));
    writeFileSync(path.join(dir, 'r.json'), JSON.stringify(changed));
    active = readRules(path.join(dir, 'r.json'));
    expect(closures()).to.equal(1);
    expect(builds).to.equal(2);
  });
});
