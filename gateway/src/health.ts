import type { Connection } from 'mongoose';
import type { Kafka } from 'kafkajs';
import type { Redis } from '@cw/platform';

export type CheckName = 'kafka' | 'mongo' | 'redis' | 'queues';
export interface HealthReport {
  /** `starting`: the servers answer but a part of this process has not joined yet (after a restart). */
  status: 'ok' | 'starting' | 'unavailable';
  checks: Partial<Record<CheckName, string>>;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms); });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Asks each dependency a real question. Kafka gets a fresh admin client per check (kafkajs' clients
 * otherwise keep retrying a dead broker for a long time), so a restarted broker is seen at once.
 */
export function createHealthCheck(deps: { healthKafka: Kafka; mongo: Connection; redis: Redis; queuesReady?: () => boolean }, timeoutMs = 2500) {
  const kafka = async () => {
    const admin = deps.healthKafka.admin();
    try {
      await withTimeout(admin.connect(), timeoutMs, 'kafka');
      const cluster = await withTimeout(admin.describeCluster(), timeoutMs, 'kafka');
      if (cluster.brokers.length === 0) throw new Error('no brokers');
    } finally {
      void admin.disconnect().catch(() => undefined);
    }
  };
  const mongo = async () => {
    const db = deps.mongo.db;
    if (!db) throw new Error('not connected');
    await withTimeout(db.admin().ping(), timeoutMs, 'mongo');
  };
  const redis = async () => {
    const pong = await withTimeout(deps.redis.ping(), timeoutMs, 'redis');
    if (pong !== 'PONG') throw new Error(`unexpected reply ${pong}`);
  };
  return async (): Promise<HealthReport> => {
    const names: CheckName[] = ['kafka', 'mongo', 'redis'];
    const results = await Promise.allSettled([kafka(), mongo(), redis()]);
    const checks: HealthReport['checks'] = {};
    results.forEach((r, i) => { checks[names[i]!] = r.status === 'fulfilled' ? 'ok' : `failed: ${(r.reason as Error).message}`; });
    if (!results.every((r) => r.status === 'fulfilled')) return { status: 'unavailable', checks };
    if (deps.queuesReady && !deps.queuesReady()) return { status: 'starting', checks: { ...checks, queues: 'starting' } };
    return { status: 'ok', checks };
  };
}
