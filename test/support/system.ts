import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, mongoUrlFor, platform, unique } from './env.js';
import { bearer, randomApiKey } from './auth.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** V8 old space per service process, as `npm start` and docker-compose run them (decision 0023). */
const SERVICE_HEAP_MB = Number(process.env.SERVICE_HEAP_MB ?? 256);

export type ServiceName = 'gateway' | 'intake' | 'router' | 'workflow' | 'sla' | 'stats';
const ENTRY: Record<ServiceName, string> = {
  gateway: 'gateway/dist/main.js',
  intake: 'services/intake/dist/main.js',
  router: 'services/router/dist/main.js',
  workflow: 'services/workflow/dist/main.js',
  sla: 'services/sla/dist/main.js',
  stats: 'services/stats/dist/main.js',
};

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The real system as separate processes (built `dist/`), against the real servers, isolated by a
 * topic prefix and a database of its own. Processes can be killed and restarted mid-test.
 */
export async function startSystem(services: ServiceName[], extraEnv: Record<string, string> = {}, serviceEnv: Partial<Record<ServiceName, Record<string, string>>> = {}) {
  const id = unique('t');
  const db = `cw-${id}`;
  const port = await freePort();
  const adminKey = randomApiKey();
  const env = {
    ...process.env,
    CW_BOOTSTRAP_API_KEY: adminKey,
    ...extraEnv,
    KAFKA_TOPIC_PREFIX: `${id}.`,
    MONGO_URL: mongoUrlFor(db),
    KAFKA_BROKERS: platform.KAFKA_BROKERS.join(','),
    REDIS_URL: platform.REDIS_URL,
    PORT: String(port),
    LOG_LEVEL: process.env.TEST_SERVICE_LOG_LEVEL ?? 'warn',
    LOG_PRETTY: '0',
    // Metrics and health servers on free ports (the defaults 9101–9105 belong to npm start).
    METRICS_PORT: '0',
  };
  const procs = new Map<ServiceName, ChildProcess>();
  const logs = new Map<ServiceName, string[]>();

  const start = (name: ServiceName) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${SERVICE_HEAP_MB}`, path.join(ROOT, ENTRY[name])], { env: { ...env, ...serviceEnv[name] }, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = logs.get(name) ?? [];
    logs.set(name, lines);
    const keep = (b: Buffer) => { lines.push(b.toString()); if (lines.length > 200) lines.shift(); if (process.env.TEST_SHOW_LOGS) process.stderr.write(`[${name}] ${b}`); };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    procs.set(name, child);
    return child;
  };
  const stop = async (name: ServiceName, signal: NodeJS.Signals = 'SIGTERM') => {
    const child = procs.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  };

  for (const s of services) start(s);
  const url = `http://127.0.0.1:${port}`;
  if (services.includes('gateway')) {
    await eventually(async () => (await fetch(`${url}/healthz`)).status === 200, 'the gateway to be healthy', 60_000)
      .catch((e: Error) => { throw new Error(`${e.message}\n${(logs.get('gateway') ?? []).join('')}`); });
  }

  return {
    url, db, prefix: `${id}.`, env,
    /** The bootstrap admin API key (CW_BOOTSTRAP_API_KEY) and its headers; see support/auth.ts for other principals. */
    adminKey,
    adminHeaders: bearer(adminKey),
    start, stop,
    /** Kills with SIGKILL: no shutdown code runs. */
    kill: (name: ServiceName) => stop(name, 'SIGKILL'),
    logs: (name: ServiceName) => (logs.get(name) ?? []).join(''),
    /** The pid of a running process (to pause it with SIGSTOP, say). */
    pid: (name: ServiceName) => {
      const pid = procs.get(name)?.pid;
      if (pid === undefined) throw new Error(`${name} is not running`);
      return pid;
    },
    /** Processes that ended by themselves or were killed and not started again. */
    exited: () => [...procs.entries()].filter(([, c]) => c.exitCode !== null || c.signalCode !== null).map(([n]) => n),
    /** The last lines every process printed, for a failing test's report. */
    dumpLogs: () => [...logs.entries()].map(([n, l]) => `----- ${n} -----\n${l.join('').split('\n').slice(-30).join('\n')}`).join('\n'),
    async stopAll() { await Promise.all([...procs.keys()].map((n) => stop(n))); },
  };
}
export type TestSystem = Awaited<ReturnType<typeof startSystem>>;

/** POST JSON and return status and parsed body. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: json as any };
}

export async function getJson(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, body: (await res.json()) as any };
}
