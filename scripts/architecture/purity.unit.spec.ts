import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HOOK = path.join(ROOT, 'scripts/architecture/block-infrastructure.mjs');

/** The pure core: every `domain/` folder, the contracts, the calendar, the errors, the routing rules. */
function pureModules(): string[] {
  const tsIn = (dir: string, only?: string[]) => (existsSync(path.join(ROOT, dir)) ? readdirSync(path.join(ROOT, dir)) : [])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && (!only || only.includes(f))).map((f) => `${dir}/${f}`);
  const services = readdirSync(path.join(ROOT, 'services')).map((s) => `services/${s}/src/domain`);
  return [
    ...services.flatMap((d) => tsIn(d)),
    ...tsIn('shared/contracts/src'),
    ...tsIn('shared/calendar/src'),
    ...tsIn('shared/errors/src'),
    ...tsIn('shared/routing/src', ['router.ts', 'text.ts', 'schema.ts', 'types.ts']),
  ].sort();
}

/** Imports `files` in a fresh Node process where kafkajs, mongoose, ioredis, express … cannot be found. */
function importWithoutInfrastructure(files: string[]) {
  const script = `for (const f of ${JSON.stringify(files.map((f) => pathToFileURL(path.join(ROOT, f)).href))}) {
    try { await import(f); } catch (e) { console.error('FAIL ' + f + ': ' + e.message); process.exitCode = 1; }
  }`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--import', HOOK, '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
}

describe('architecture: the pure core loads without infrastructure', function () {
  this.timeout(60_000);

  it('imports every domain module, the contracts, the calendar and the routing rules with kafkajs, mongoose, ioredis and express absent', () => {
    const files = pureModules();
    expect(files.length).to.be.greaterThan(30);
    expect(files).to.include('services/workflow/src/domain/decide.ts');
    const run = importWithoutInfrastructure(files);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('FAIL'))).to.deep.equal([]);
    expect(run.status).to.equal(0);
  });

  it('the blocking works: a module that reaches infrastructure fails to load', () => {
    const run = importWithoutInfrastructure(['shared/platform/src/index.ts']);
    expect(run.status).to.equal(1);
    expect(run.stderr).to.match(/FAIL .*shared\/platform\/src\/index\.ts: Cannot find package '(kafkajs|mongoose|ioredis|pino)/);
  });
});

