import type { RequestHandler } from 'express';
import type { Queue } from 'bullmq';
import type { Server } from 'socket.io';
import { consumerLagGauge, metricOnce, prom, type Admin, type Kafka } from '@cw/platform';

/**
 * The gateway's Prometheus series, beside the platform's (process, Kafka, store): HTTP requests,
 * Socket.IO connections, live-board delta latency, BullMQ jobs and every consumer group's lag.
 */
export const httpSeconds = metricOnce('cw_http_request_duration_seconds', () => new prom.Histogram({
  name: 'cw_http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern (never the raw path) and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
}));

export const liveDeltaSeconds = metricOnce('cw_live_delta_latency_seconds', () => new prom.Histogram({
  name: 'cw_live_delta_latency_seconds',
  help: 'From a stats change notification to the board delta it causes, pushed over Socket.IO (throttle and recomputation)',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
}));

/** Times every request; the route is the matched pattern (`/api/v1/cases/:caseId`), else `static` or `unmatched`. */
export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    const end = httpSeconds.startTimer();
    res.once('finish', () => {
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern === '/' && req.baseUrl ? '' : pattern}`
        : res.statusCode === 404 ? 'unmatched' : 'static';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}

/** Gauges read at scrape time: Socket.IO connections per namespace, BullMQ job counts, consumer lag. */
export function gatewayGauges(deps: { io: Server; namespaces: string[]; queues: Queue[]; kafka: Kafka; groupPrefix: string }): { stop: () => Promise<void> } {
  // A gateway started again in the same process (tests) reads its own parts, not the stopped one's.
  for (const name of ['cw_socketio_connections', 'cw_bullmq_jobs', 'cw_kafka_consumer_lag']) prom.register.removeSingleMetric(name);
  new prom.Gauge({
    name: 'cw_socketio_connections',
    help: 'Open Socket.IO connections on this gateway, per namespace',
    labelNames: ['namespace'] as const,
    collect() {
      for (const ns of deps.namespaces) this.set({ namespace: ns }, deps.io.of(ns).sockets.size);
    },
  });
  new prom.Gauge({
    name: 'cw_bullmq_jobs',
    help: 'BullMQ jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    async collect() {
      this.reset();
      for (const q of deps.queues) {
        try {
          const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'paused');
          for (const [state, n] of Object.entries(counts)) this.set({ queue: q.name, state }, n);
        } catch { /* Redis unreachable: no series this scrape (/healthz says why) */ }
      }
    },
  });
  let admin: Promise<Admin> | undefined;
  const connected = () => {
    admin ??= (async () => { const a = deps.kafka.admin(); await a.connect(); return a; })()
      .catch((err: unknown) => { admin = undefined; throw err; });
    return admin;
  };
  const drop = () => {
    const a = admin;
    admin = undefined;
    if (a) void a.then((x) => x.disconnect()).catch(() => undefined);
  };
  // A failed read drops the admin client: the next scrape connects afresh (a restarted broker).
  consumerLagGauge(connected, deps.groupPrefix, { onError: drop });
  return {
    stop: async () => { drop(); },
  };
}
