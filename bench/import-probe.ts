// Throughput probe for the historical import (temporary while tuning; see bench/run.ts).
import { performance } from 'node:perf_hooks';
import { runImport } from '../scripts/import.js';
import { startSystem, getJson } from '../test/support/system.js';
import { aComplaintRecord } from '../test/support/builders.js';
import { eventually, unique } from '../test/support/env.js';

const N = Number(process.env.N ?? 200);
const sys = await startSystem(['gateway', 'intake', 'router', 'workflow', 'stats', 'sla']);
const run = unique('probe');
console.log('prefix', sys.prefix);
const pad = (x: number) => String(x).padStart(2, '0');
const lines = Array.from({ length: N }, (_, i) => {
  const m = 1 + (i % 10); const d = 2 + (i % 20);
  const day = `2020-${pad(m)}-${pad(d)}`;
  return JSON.stringify({ record: aComplaintRecord({ sourceRef: `${run}-${i}`, receivedAt: `${day}T09:00:00+08:00` }), steps: [
    { type: 'AcceptComplaint', occurredAt: `${day}T10:00:00+08:00` },
    { type: 'StartMediation', occurredAt: `${day}T11:00:00+08:00` },
    { type: 'RecordMediationSuccess', occurredAt: `${day}T15:00:00+08:00`, refund: { amountYuan: '10.00' } },
  ] });
}).join('\n');
const t0 = performance.now();
const r = await runImport(lines, { env: { ...sys.env, LOG_LEVEL: 'error' } });
const t1 = performance.now();
console.log(`import returned after ${((t1 - t0) / 1000).toFixed(1)} s: ${r.records} records, ${r.refused.length} refused → ${(N / ((t1 - t0) / 1000)).toFixed(1)} cases/s`);
await eventually(async () => (await getJson(`${sys.url}/api/v1/stats?from=2020-01-01&to=2020-12-31`)).body.counts.accepted.value === N || undefined, 'stats', 600_000, 500);
const t2 = performance.now();
console.log(`stats complete after ${((t2 - t0) / 1000).toFixed(1)} s → ${(N / ((t2 - t0) / 1000)).toFixed(1)} cases/s`);
await sys.stopAll();
process.exit(0);
