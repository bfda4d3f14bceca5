/**
 * The fault-injection suite (issue 14 item 2; `npm run test:faults`, docs/reliability.md). A load of
 * FAULT_CASES records (default 20,000; complaints, reports and complaint+report splits) runs in one
 * segment per fault, on the bulk lane (Kafka `intake.imports`), the live lane (Kafka
 * `intake.records`) and over HTTP, while people's commands (claim, accept, mediate, record success;
 * claim, verify, open an enforcement case) run on earlier cases. In each segment one fault hits:
 * each service SIGKILLed once, the workflow three times in a row, the Kafka broker restarted,
 * FerretDB SIGKILLed, PostgreSQL SIGKILLed, Redis restarted, the workflow paused (SIGSTOP) past its
 * 10 s consumer session. After each: every record became exactly its cases, case numbers are
 * distinct, stats counted each case once, every command was answered once and applied once, no
 * dead letter. At the end: stats equal a clean rebuild, the sla schedule equals the open clocks,
 * the board's snapshot equals the stats API. It prints the table of faults.
 *
 * It stops and kills the shared servers, so it runs alone, after the other suites, and only
 * against servers this checkout's infra.sh started (CI starts its own).
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { io } from 'socket.io-client';
import { createKafka, sendJson, startProducer, type Producer } from '@cw/platform';
import { COLLECTIONS, STATS_META, bucketsOf, caseIdFor, intakeKey, topicNames, type IntakeRecord12315 } from '@cw/contracts';
import { startSystem, type ServiceName, type TestSystem } from '../support/system.js';
import { createApiKey, loginAs, type LoggedIn, type TestApiKey } from '../support/auth.js';
import { aComplaintRecord } from '../support/builders.js';
import { platform, testLogger, unique } from '../support/env.js';
import { bucketSnapshot, runStatsRebuild } from '../support/stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TOTAL = Number(process.env.FAULT_CASES ?? 20_000);
const infra = (...args: string[]) => execFileSync('bash', [path.join(ROOT, 'infra/bin/infra.sh'), ...args], { stdio: 'pipe', timeout: 240_000 }).toString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The pid in a pid file, or undefined. */
const pidIn = (file: string) => { try { const n = Number(readFileSync(file, 'utf8').split('\n')[0]); return Number.isInteger(n) && n > 0 ? n : undefined; } catch { return undefined; } };
/** PostgreSQL's postmaster under FerretDB (infra.sh's cluster, in .data/postgres or under /var/lib/postgresql). */
function postmasterPid(): number | undefined {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(\S*\/postgres)\s+-D\s+(\S+)/.exec(line);
    if (m && /cw-|\.data\/postgres/.test(m[3]!)) return Number(m[1]);
  }
  return undefined;
}

/** Resolves once a killed process has exited (its pid no longer answers). */
async function gone(pid: number) {
  for (let i = 0; i < 100; i++) {
    try { process.kill(pid, 0); } catch { return; }
    await sleep(100);
  }
}

interface Fault { name: string; run: (sys: TestSystem) => Promise<void>; infra?: boolean; intakeRestarts?: number }
const kill = (name: ServiceName, times = 1): Fault => ({
  name: times === 1 ? `SIGKILL ${name}` : `SIGKILL ${name} ×${times} (2 s apart)`,
  intakeRestarts: name === 'intake' ? times : 0,
  run: async (sys) => {
    for (let i = 0; i < times; i++) {
      await sys.kill(name);
      sys.start(name);
      if (i < times - 1) await sleep(2000);
    }
  },
});
const FAULTS: Fault[] = [
  kill('intake'), kill('workflow'), kill('router'), kill('sla'), kill('stats'), kill('gateway'),
  kill('workflow', 3),
  { name: 'Kafka broker restarted', infra: true, run: async () => { infra('stop', 'kafka'); infra('start', 'kafka'); } },
  { name: 'SIGKILL FerretDB', infra: true, run: async () => { const pid = pidIn(path.join(ROOT, '.data/run/mongo.pid')); if (!pid) throw new Error('no FerretDB pid'); process.kill(pid, 'SIGKILL'); await gone(pid); infra('start', 'mongo'); } },
  { name: 'SIGKILL PostgreSQL', infra: true, run: async () => { const pid = postmasterPid(); if (!pid) throw new Error('no postmaster pid'); process.kill(pid, 'SIGKILL'); await gone(pid); infra('start', 'mongo'); } },
  { name: 'Redis restarted', infra: true, run: async () => { infra('stop', 'redis'); infra('start', 'redis'); } },
  {
    name: 'workflow paused 15 s (SIGSTOP, past its 10 s session)',
    run: async (sys) => {
      const pid = sys.pid('workflow');
      process.kill(pid, 'SIGSTOP');
      await sleep(15_000);
      process.kill(pid, 'SIGCONT');
    },
  },
];

interface Row { fault: string; sent: number; inFlight: number; lost: number; doubled: number; settledS: string; commands: number; unused: number }

describe(`fault injection: ${TOTAL} records, ${FAULTS.length} faults, each checked`, function () {
  this.timeout(3_600_000);
  let sys: TestSystem;
  let producer: Producer;
  let db: mongoose.Connection;
  let operator: TestApiKey;
  let supervisor: LoggedIn;
  let ours = true;
  const rows: Row[] = [];
  let expected = 0;
  let unusedBefore = 0;
  const complaintIds: string[] = [];
  const reportIds: string[] = [];
  const flows = { complaints: 0, reports: 0, commandIds: [] as string[] };

  before(async function () {
    // Only servers this checkout started are ours to stop and kill.
    const status = infra('status');
    ours = !/external/m.test(status);
    sys = await startSystem(['gateway', 'intake', 'router', 'workflow', 'sla', 'stats'], { INTAKE_WAIT_MS: '3000', COMMAND_WAIT_MS: '3000', LOG_LEVEL: 'error' });
    operator = await createApiKey(sys, { role: 'operator' });
    supervisor = await loginAs(sys, 'supervisor');
    producer = await startProducer(createKafka({ clientId: unique('faults'), brokers: platform.KAFKA_BROKERS, logger: testLogger }));
    db = await mongoose.createConnection(sys.env.MONGO_URL!, { serverSelectionTimeoutMS: 60_000 }).asPromise();
  });
  after(async () => {
    if (rows.length) {
      console.log('\n      fault                                               cases  in flight  lost  doubled  settled after  commands  numbers unused');
      for (const r of rows) console.log(`      ${r.fault.padEnd(50)} ${String(r.sent).padStart(6)} ${String(r.inFlight).padStart(10)} ${String(r.lost).padStart(5)} ${String(r.doubled).padStart(8)} ${r.settledS.padStart(14)} ${String(r.commands).padStart(9)} ${String(r.unused).padStart(15)}`);
    }
    await producer?.disconnect().catch(() => undefined);
    await db?.close().catch(() => undefined);
    await sys?.stopAll();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') process.stderr.write(`${sys.dumpLogs()}\n`);
  });

  const topics = () => topicNames(sys.prefix);
  const casesOf = (r: IntakeRecord12315) => (r.kind === 'complaint+report' ? 2 : 1);
  const received = async () => {
    const meta = await db.collection<{ _id: string; generation: string }>(STATS_META).findOne({ _id: 'active' });
    if (!meta) return 0;
    const rows = await db.collection<{ c: { received?: number } }>(bucketsOf(meta.generation)).find({}, { projection: { c: 1 } }).toArray();
    return rows.reduce((s, r) => s + (r.c?.received ?? 0), 0);
  };
  const retry = async <T>(what: string, fn: () => Promise<T>, ms = 180_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      try { return await fn(); } catch (err) {
        if (Date.now() > end) throw new Error(`${what}: ${(err as Error).message}`);
        await sleep(500);
      }
    }
  };
  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${sys.url}${p}`, { method, headers: { ...supervisor.headers, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  };

  /** Sends one segment's records: 70 % bulk lane, 20 % live lane on Kafka, 10 % over HTTP. */
  async function sendSegment(n: number, tag: string) {
    const records = Array.from({ length: n }, (_, i) => aComplaintRecord({ sourceRef: `${sys.prefix}${tag}-${i}`, kind: i % 20 === 0 ? 'complaint+report' : i % 20 === 1 ? 'report' : 'complaint' }));
    expected += records.reduce((s, r) => s + casesOf(r), 0);
    for (const r of records) {
      const key = intakeKey('12315', r.sourceRef);
      if (r.kind !== 'report') complaintIds.push(caseIdFor(key, 'complaint'));
      if (r.kind !== 'complaint') reportIds.push(caseIdFor(key, 'report'));
    }
    const bulk = records.filter((_, i) => i % 10 < 7);
    const live = records.filter((_, i) => i % 10 >= 7 && i % 10 < 9);
    const http = records.filter((_, i) => i % 10 === 9);
    const asMessages = (list: IntakeRecord12315[]) => list.map((r) => ({ key: intakeKey('12315', r.sourceRef), value: { type: 'IntakeRecord12315', version: 1, source: 'faults', data: r } }));
    const kafka = (async () => {
      for (let i = 0; i < bulk.length; i += 250) await retry('bulk send', () => sendJson(producer, topics().intakeImports, asMessages(bulk.slice(i, i + 250))));
      for (let i = 0; i < live.length; i += 100) await retry('live send', () => sendJson(producer, topics().intakeRecords, asMessages(live.slice(i, i + 100))));
    })();
    let next = 0;
    const posts = Promise.all(Array.from({ length: 4 }, async () => {
      while (next < http.length) {
        const r = http[next++]!;
        await retry('HTTP intake', async () => {
          const res = await fetch(`${sys.url}/api/v1/intake/12315`, { method: 'POST', headers: { 'content-type': 'application/json', ...operator.headers }, body: JSON.stringify(r) });
          if (res.status !== 202) throw new Error(`HTTP ${res.status}`);
          await res.arrayBuffer();
        });
      }
    }));
    return Promise.all([kafka, posts]);
  }

  /** A person's flow on one case, through the faults: each step once, whatever fails in between. */
  async function runFlow(caseId: string, kind: 'complaint' | 'report') {
    const steps = kind === 'complaint'
      ? [{ type: 'ClaimCase', event: 'CaseClaimed' }, { type: 'AcceptComplaint', event: 'ComplaintAccepted' }, { type: 'StartMediation', event: 'MediationStarted' },
        { type: 'RecordMediationSuccess', event: 'MediationSucceeded', payload: { refund: { amountYuan: '100.00' } } }]
      : [{ type: 'ClaimCase', event: 'CaseClaimed' }, { type: 'StartVerification', event: 'VerificationStarted' },
        { type: 'OpenEnforcementCase', event: 'EnforcementCaseOpened', payload: { enforcementCaseNo: `LA-${caseId.slice(0, 6)}` } }];
    for (const step of steps) {
      await retry(`${step.type} on ${caseId}`, async () => {
        const history = await api('GET', `/api/v1/cases/${caseId}/history`);
        if (history.status !== 200) throw new Error(`history ${history.status}`);
        if ((history.body.events as { type: string }[]).some((e) => e.type === step.event)) return; // applied already (an answer lost in a fault)
        const c = await api('GET', `/api/v1/cases/${caseId}`);
        if (c.status !== 200 || !c.body.queue) throw new Error(`case ${c.status}`);
        const res = await api('POST', `/api/v1/cases/${caseId}/commands`, { type: step.type, expectedVersion: c.body.version, ...(step.payload ?? {}) });
        if (res.body?.commandId) flows.commandIds.push(res.body.commandId);
        if (res.status === 200) return;
        throw new Error(`${step.type}: HTTP ${res.status} ${res.body?.code ?? ''}`);
      }, 240_000);
    }
  }

  /** Everything sent so far is a case, numbered once, counted once; no dead letter. */
  async function settle(startedAt: number) {
    await retry('settled', async () => {
      const [cases, counted] = await Promise.all([db.collection(COLLECTIONS.cases).countDocuments({}), received()]);
      if (cases !== expected || counted !== expected) throw new Error(`${cases} cases, ${counted} counted, ${expected} expected`);
    }, 600_000);
    return ((Date.now() - startedAt) / 1000).toFixed(1);
  }

  for (const [i, fault] of FAULTS.entries()) {
    it(`${fault.name}: no case lost or doubled, every command once`, async function () {
      if (fault.infra && !ours) this.skip();
      const n = Math.ceil(TOTAL / FAULTS.length);
      const before = expected;
      // People work on earlier cases while this segment flows.
      const pickC = complaintIds.slice(Math.max(0, complaintIds.length - 400)).filter((_, j) => j % 40 === i % 40).slice(0, 8);
      const pickR = reportIds.slice(Math.max(0, reportIds.length - 100)).filter((_, j) => j % 20 === i % 20).slice(0, 3);
      const work = Promise.all([...pickC.map((id) => runFlow(id, 'complaint')), ...pickR.map((id) => runFlow(id, 'report'))]);
      const countedBefore = await received();
      const first = sendSegment(Math.floor(n / 2), `s${i}a`);
      // The fault strikes once the segment is flowing: stats has begun counting it.
      await retry('the segment to flow', async () => { if ((await received()) <= countedBefore) throw new Error('not yet'); }, 60_000);
      const counted = await received().catch(() => 0);
      const inFlight = Math.max(0, expected - counted);
      await fault.run(sys);
      const faultEnd = Date.now();
      await sendSegment(n - Math.floor(n / 2), `s${i}b`);
      await first;
      await work;
      flows.complaints += pickC.length;
      flows.reports += pickR.length;
      const recoverS = await settle(faultEnd);

      const cases = db.collection<{ _id: string; caseNo: string }>(COLLECTIONS.cases);
      const all = await cases.find({}, { projection: { caseNo: 1 } }).toArray();
      const numbers = new Set(all.map((d) => d.caseNo));
      const counted2 = await received();
      const ends = await (async () => {
        const admin = createKafka({ clientId: unique('ends'), brokers: platform.KAFKA_BROKERS, logger: testLogger }).admin();
        await admin.connect();
        try {
          let dead = 0;
          for (const t of [topics().intakeRecordsDlq, topics().intakeImportsDlq, topics().caseCommandsDlq, topics().caseCommandsBulkDlq, topics().caseEventsDlq]) {
            dead += (await admin.fetchTopicOffsets(t)).reduce((s, p) => s + Number(p.high), 0);
          }
          return dead;
        } finally { await admin.disconnect(); }
      })();
      // Case numbers: unused ones only where a batch of intake's was retried (a restart leaves the rest
      // of its block of 100; a failed write, or a record sent again after a lost answer, its numbers).
      const seq = [...numbers].filter((x) => x.startsWith('TS-')).map((x) => Number(x.split('-')[2])).sort((a, b) => a - b);
      const unused = (seq.length ? seq[seq.length - 1]! - seq.length : 0) - unusedBefore;
      unusedBefore += unused;
      rows.push({ fault: fault.name, sent: expected - before, inFlight, lost: Math.max(0, expected - all.length), doubled: Math.max(0, all.length - expected) + Math.max(0, counted2 - expected), settledS: `${recoverS} s`, commands: pickC.length * 4 + pickR.length * 3, unused });
      expect(all.length, 'cases').to.equal(expected);
      expect(numbers.size, 'distinct case numbers').to.equal(expected);
      expect(counted2, 'stats received').to.equal(expected);
      expect(ends, 'dead letters').to.equal(0);
      expect(unused, 'complaint numbers left unused by this fault').to.be.at.most(100 * (fault.intakeRestarts ?? 0) + (expected - before));
    });
  }

  it('after all faults: every command answered and applied exactly once, stats = a clean rebuild, the sla schedule = the open clocks, the board = the stats API', async () => {
    // Each flow's steps happened once (the events of a case are unique by version; count the types).
    const events = await db.collection<{ caseId: string; events: { type: string }[] }>(COLLECTIONS.caseEvents).find({}).toArray();
    const docs = await db.collection<{ _id: string; outbox: { type: string }[] }>(COLLECTIONS.cases).find({}, { projection: { outbox: 1 } }).toArray();
    const byType = new Map<string, number>();
    for (const e of [...events.flatMap((d) => d.events), ...docs.flatMap((d) => d.outbox ?? [])]) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
    expect(byType.get('MediationSucceeded') ?? 0, 'mediation successes').to.equal(flows.complaints);
    expect(byType.get('EnforcementCaseOpened') ?? 0, 'enforcement cases opened').to.equal(flows.reports);
    expect(byType.get('CaseRegistered'), 'registrations').to.equal(expected);
    // Every command that was answered has exactly one verdict.
    const ids = [...new Set(flows.commandIds)];
    const verdicts = await db.collection(COLLECTIONS.commandResults).countDocuments({ _id: { $in: ids as never[] } });
    expect(verdicts, 'verdicts of the commands answered').to.equal(ids.length);

    const meta = await db.collection<{ _id: string; generation: string }>(STATS_META).findOne({ _id: 'active' });
    const live = await bucketSnapshot(db, meta!.generation);
    const rebuilt = await runStatsRebuild(sys.env);
    expect(await bucketSnapshot(db, rebuilt.generation), 'stats = a clean rebuild').to.deep.equal(live);

    // The sla schedule: a rebuild from the cases finds every slot already right.
    const summary = await new Promise<Record<string, number>>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'services/sla/dist/rebuild.js')], { env: { ...sys.env, LOG_LEVEL: 'info', LOG_PRETTY: '0' }, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (b: Buffer) => { out += b.toString(); });
      child.once('exit', (code) => {
        const line = out.split('\n').find((l) => l.includes('schedule rebuilt'));
        if (code !== 0 || !line) reject(new Error(`sla rebuild exited ${code}: ${out.slice(-500)}`)); else resolve(JSON.parse(line) as Record<string, number>);
      });
    });
    expect({ added: summary.added, replaced: summary.replaced, removed: summary.removed }, `sla rebuild ${JSON.stringify(summary)}`).to.deep.equal({ added: 0, replaced: 0, removed: 0 });

    // The board's snapshot is the stats API's answer.
    const socket = io(`${sys.url}/live`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: sys.adminKey } });
    try {
      const snapshot = await new Promise<{ figures: unknown }>((resolve, reject) => {
        socket.once('connect_error', reject);
        socket.once('snapshot', resolve);
        socket.once('connect', () => socket.emit('subscribe', {}));
      });
      const stats = await api('GET', '/api/v1/stats');
      expect(JSON.parse(JSON.stringify(snapshot.figures))).to.deep.equal(stats.body);
    } finally {
      socket.close();
    }
  });
});
