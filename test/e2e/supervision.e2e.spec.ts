/**
 * `npm start` runs the processes under pm2 (infra/pm2/ecosystem.config.cjs, issue 14 item 1): each
 * service and the gateway is SIGKILLed in turn; the others keep their pids, the killed one is back
 * (a new pid, online) within 10 s, and the system still answers: a complaint gets its case number
 * and reads back (after intake or the workflow is killed, once the dead member's Kafka session
 * expires: 10 s). Ctrl-C (SIGINT to pm2-runtime) stops every process.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { aComplaintRecord } from '../support/builders.js';
import { bearer, randomApiKey } from '../support/auth.js';
import { eventually, mongoUrlFor, platform, unique } from '../support/env.js';
import { freePort, getJson, postJson } from '../support/system.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'node_modules/.bin');
const NAMES = ['gateway', 'intake', 'router', 'workflow', 'sla', 'stats'] as const;
const run = promisify(execFile);

interface ProcessState { name: string; pid: number; status: string; restarts: number }

describe('supervised processes (npm start under pm2): one process killed, the others keep running, the killed one is back', function () {
  this.timeout(300_000);
  let runtime: ChildProcess;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let url: string;
  let headers: Record<string, string>;
  const output: string[] = [];

  /** What `npm run ps` shows, as data: the state of every process pm2 supervises. */
  const states = async (): Promise<Map<string, ProcessState>> => {
    const { stdout } = await run(path.join(BIN, 'pm2'), ['jlist'], { env, cwd: ROOT });
    const list = JSON.parse(stdout) as { name: string; pid: number; pm2_env: { status: string; restart_time: number } }[];
    return new Map(list.map((p) => [p.name, { name: p.name, pid: p.pid, status: p.pm2_env.status, restarts: p.pm2_env.restart_time }]));
  };

  const complaintGetsItsNumber = async () => {
    const res = await postJson(`${url}/api/v1/intake/12315`, aComplaintRecord({ sourceRef: unique('sup') }), headers);
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    const caseId = res.body.pending
      ? await eventually(async () => (await getJson(`${url}${res.body.receipt}`, headers)).body?.cases?.[0]?.caseId as string | undefined, 'the case number', 30_000, 200)
      : res.body.cases[0].caseId as string;
    const read = await getJson(`${url}/api/v1/cases/${encodeURIComponent(caseId)}`, headers);
    expect(read.status).to.equal(200);
    return caseId;
  };

  before(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'cw-pm2-'));
    const id = unique('t');
    const port = await freePort();
    const adminKey = randomApiKey();
    headers = bearer(adminKey);
    url = `http://127.0.0.1:${port}`;
    env = {
      ...process.env,
      PM2_HOME: home,
      CW_BOOTSTRAP_API_KEY: adminKey,
      KAFKA_TOPIC_PREFIX: `${id}.`,
      MONGO_URL: mongoUrlFor(`cw-${id}`),
      KAFKA_BROKERS: platform.KAFKA_BROKERS.join(','),
      REDIS_URL: platform.REDIS_URL,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      LOG_PRETTY: '0',
      INTAKE_WAIT_MS: '5000',
    };
    runtime = spawn(path.join(BIN, 'pm2-runtime'), ['infra/pm2/ecosystem.config.cjs'], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (b: Buffer) => { output.push(b.toString()); if (output.length > 400) output.shift(); };
    runtime.stdout!.on('data', keep);
    runtime.stderr!.on('data', keep);
    await eventually(async () => (await fetch(`${url}/healthz`)).status === 200, 'the gateway under pm2 to be healthy', 90_000, 250);
    await eventually(async () => [...(await states()).values()].filter((s) => s.status === 'online').length === NAMES.length, 'every process online', 30_000, 250);
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') process.stderr.write(`${output.join('').split('\n').slice(-80).join('\n')}\n`);
  });
  after(async () => {
    if (runtime && runtime.exitCode === null) {
      const exited = new Promise((r) => runtime.once('exit', r));
      runtime.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
      if (runtime.exitCode === null) runtime.kill('SIGKILL');
    }
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('answers before any fault', async () => {
    await complaintGetsItsNumber();
  });

  for (const name of NAMES) {
    it(`SIGKILL of ${name}: the other five keep their pids; ${name} is back online within 10 s; a complaint still gets its case number`, async () => {
      const before = await states();
      const victim = before.get(name)!;
      expect(victim.status).to.equal('online');
      const killedAt = Date.now();
      process.kill(victim.pid, 'SIGKILL');
      const back = await eventually(async () => {
        const s = (await states()).get(name);
        return s && s.status === 'online' && s.pid !== victim.pid && s.pid > 0 ? { ...s, seenAt: Date.now() } : undefined;
      }, `${name} to be restarted`, 10_000, 100);
      expect(Date.now() - killedAt).to.be.below(10_000);
      expect(back.restarts).to.be.greaterThan(victim.restarts);
      const after = await states();
      for (const other of NAMES.filter((n) => n !== name)) {
        expect(after.get(other)?.pid, `${other} kept running`).to.equal(before.get(other)!.pid);
        expect(after.get(other)?.status).to.equal('online');
      }
      // The consoles' API answers before the live queues have rejoined their group (/healthz says `starting`).
      if (name === 'gateway') await eventually(async () => (await fetch(`${url}/api/v1/auth/me`, { headers })).status === 200, 'the gateway to answer again', 10_000, 100);
      const answering = Date.now() - killedAt;
      await complaintGetsItsNumber();
      console.log(`      ${name}: back online in ${((back.seenAt - killedAt) / 1000).toFixed(1)} s, API answering in ${(answering / 1000).toFixed(1)} s, next complaint numbered ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);
    });
  }

  it('Ctrl-C (SIGINT) on pm2-runtime stops every process', async () => {
    const pids = [...(await states()).values()].map((s) => s.pid);
    const exited = new Promise<number | null>((r) => runtime.once('exit', (code) => r(code)));
    runtime.kill('SIGINT');
    await exited;
    const alive = pids.filter((pid) => { try { process.kill(pid, 0); return true; } catch { return false; } });
    expect(alive, 'processes still running after Ctrl-C').to.deep.equal([]);
  });
});
