import http from 'node:http';
import type { AddressInfo } from 'node:net';
import client from 'prom-client';
import type { Admin } from 'kafkajs';
import type { Logger } from './logger.js';

/**
 * Prometheus metrics (issue 15, item 3): one registry per process (prom-client's default), every
 * series labelled with the process's service name. The platform counts what it does for every
 * service (Kafka batches, produce, dead letters, store commands); the gateway adds HTTP, Socket.IO,
 * the live board, BullMQ and every consumer group's lag. Series names: docs/operations.md.
 */
export const metricsRegistry = client.register;
export { client as prom };

/**
 * A metric once per process, even when this module is loaded twice (source and build in one test
 * process): the second load reuses what the registry already holds.
 */
export function metricOnce<M>(name: string, make: () => M): M {
  return (client.register.getSingleMetric(name) as M | undefined) ?? make();
}

let initialised = false;
/** Process defaults (CPU, memory, heap, event-loop lag, GC) and the service label. Once per process. */
export function initMetrics(service: string): void {
  if (initialised) return;
  initialised = true;
  client.register.setDefaultLabels({ service });
  client.collectDefaultMetrics();
}

/** Seconds buckets from 1 ms to 10 s. */
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const kafkaMetrics = {
  consumed: metricOnce('cw_kafka_messages_consumed_total', () => new client.Counter({
    name: 'cw_kafka_messages_consumed_total', help: 'Messages handled and committed, per consumer group and topic', labelNames: ['group', 'topic'] as const,
  })),
  produced: metricOnce('cw_kafka_messages_produced_total', () => new client.Counter({
    name: 'cw_kafka_messages_produced_total', help: 'Messages acknowledged by the brokers, per topic', labelNames: ['topic'] as const,
  })),
  deadLettered: metricOnce('cw_kafka_messages_dead_lettered_total', () => new client.Counter({
    name: 'cw_kafka_messages_dead_lettered_total', help: 'Messages sent to the dead-letter topic, per consumer group and source topic', labelNames: ['group', 'topic'] as const,
  })),
  batchSeconds: metricOnce('cw_kafka_batch_duration_seconds', () => new client.Histogram({
    name: 'cw_kafka_batch_duration_seconds', help: 'Time to handle one fetched batch (one partition), dead letters and commit included', labelNames: ['group', 'topic'] as const, buckets: SECONDS,
  })),
};

export const storeMetrics = {
  commandSeconds: metricOnce('cw_store_command_duration_seconds', () => new client.Histogram({
    name: 'cw_store_command_duration_seconds', help: 'MongoDB-API (FerretDB) command round trips, per command and outcome', labelNames: ['command', 'outcome'] as const, buckets: SECONDS,
  })),
};

/** What a process's consumers are doing, for its health answer. */
const consumers = new Map<string, { group: string; topics: string[]; joined: boolean }>();
let nextConsumer = 0;

/** Called by startConsumer: a handle whose state follows the consumer's group membership. */
export function trackConsumer(group: string, topics: string[]) {
  const id = `${group}#${nextConsumer++}`;
  consumers.set(id, { group, topics, joined: false });
  return {
    joined(yes: boolean) { const c = consumers.get(id); if (c) c.joined = yes; },
    remove() { consumers.delete(id); },
  };
}

export interface ProcessHealth {
  status: 'ok' | 'starting';
  service: string;
  uptimeSeconds: number;
  consumers: { group: string; topics: string[]; joined: boolean }[];
}

/** `ok` once every consumer of the process has joined its group; `starting` before and after a crash until it rejoins. */
export function processHealth(service: string): ProcessHealth {
  const list = [...consumers.values()].map((c) => ({ ...c }));
  return {
    status: list.every((c) => c.joined) ? 'ok' : 'starting',
    service,
    uptimeSeconds: Math.round(process.uptime()),
    consumers: list,
  };
}

/** The default port of each service's metrics and health server (`METRICS_PORT` overrides; 0 picks a free one). */
export const METRICS_PORTS: Record<string, number> = { intake: 9101, router: 9102, workflow: 9103, sla: 9104, stats: 9105 };

/**
 * A small HTTP server beside a service: `GET /metrics` (Prometheus text format) and `GET /health`
 * (200 when every consumer has joined its group, 503 while starting). A port already taken is
 * logged and skipped: metrics never stop a service.
 */
export async function startMetricsServer(service: string, port: number, logger: Logger): Promise<{ port: number; stop: () => Promise<void> } | undefined> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      metricsRegistry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': metricsRegistry.contentType });
        res.end(text);
      }, (err: Error) => { res.writeHead(500, { 'content-type': 'text/plain' }); res.end(err.message); });
      return;
    }
    if (req.method === 'GET' && path === '/health') {
      const h = processHealth(service);
      res.writeHead(h.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(h));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'GET /metrics or GET /health' }));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '0.0.0.0', () => { server.off('error', reject); resolve(); });
    });
  } catch (err) {
    logger.warn({ err, port }, 'metrics server not started (port taken?); the service runs without it');
    return undefined;
  }
  const actual = (server.address() as AddressInfo).port;
  logger.info({ port: actual }, `metrics on http://127.0.0.1:${actual}/metrics, health on /health`);
  return { port: actual, stop: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }) };
}

/**
 * `cw_kafka_consumer_lag{group,topic,partition}`: end offset minus committed offset of every
 * consumer group whose name starts with `prefix`, read from the brokers at scrape time (at most
 * every `cacheMs`), so a stopped or dead consumer's lag keeps growing while its process is gone.
 */
export function consumerLagGauge(admin: () => Promise<Admin>, prefix: string, opts: { cacheMs?: number; onError?: () => void } = {}) {
  const cacheMs = opts.cacheMs ?? 5000;
  let last: { at: number; rows: { group: string; topic: string; partition: number; lag: number }[] } | undefined;
  const read = async () => {
    if (last && Date.now() - last.at < cacheMs) return last.rows;
    const a = await admin();
    const rows: { group: string; topic: string; partition: number; lag: number }[] = [];
    const groups = (await a.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith(prefix));
    const offsets = new Map<string, { partition: number; low: bigint; high: bigint }[]>();
    for (const group of groups) {
      // The topics the group has committed on; every partition of them (one not committed yet counts from its start).
      for (const { topic, partitions } of await a.fetchOffsets({ groupId: group })) {
        if (!offsets.has(topic)) offsets.set(topic, (await a.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, low: BigInt(p.low), high: BigInt(p.high) })));
        const committedAt = new Map(partitions.map((p) => [p.partition, BigInt(p.offset)]));
        for (const { partition, low, high } of offsets.get(topic)!) {
          const c = committedAt.get(partition) ?? -1n;
          const from = c < 0n ? low : c;
          rows.push({ group, topic, partition, lag: Number(high > from ? high - from : 0n) });
        }
      }
    }
    last = { at: Date.now(), rows };
    return rows;
  };
  return new client.Gauge({
    name: 'cw_kafka_consumer_lag',
    help: 'Messages not yet committed by a consumer group, per topic and partition (end offset minus committed offset, read from the brokers)',
    labelNames: ['group', 'topic', 'partition'] as const,
    async collect() {
      this.reset();
      try {
        for (const r of await read()) this.set({ group: r.group, topic: r.topic, partition: String(r.partition) }, r.lag);
      } catch { opts.onError?.(); /* brokers unreachable: no lag series this scrape (health says why) */ }
    },
  });
}
