/**
 * The Grafana dashboard and the Prometheus alerts (infra/) query only series the code exports:
 * a renamed metric fails here instead of leaving an empty panel. Pure: reads files.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { load } from 'js-yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return f === 'node_modules' || f === 'dist' ? [] : sources(p);
    return /\.ts$/.test(f) && !/\.spec\.ts$/.test(f) ? [p] : [];
  });
}

/** `cw_*` series the code registers (`name: 'cw_…'`), with the suffixes histograms and counters add. */
function exported(): Set<string> {
  const names = new Set<string>();
  for (const dir of ['shared/platform/src', 'gateway/src']) {
    for (const file of sources(path.join(ROOT, dir))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/name: '(cw_\w+)'/g)) {
        for (const suffix of ['', '_bucket', '_count', '_sum']) names.add(m[1] + suffix);
      }
    }
  }
  return names;
}

const cwNames = (exprs: string[]) => [...new Set(exprs.flatMap((e) => [...e.matchAll(/\b(cw_\w+)/g)].map((m) => m[1]!)))];

describe('monitoring configuration in infra/', () => {
  const known = exported();

  it('the code exports the series the issue asks for', () => {
    for (const n of ['cw_kafka_messages_consumed_total', 'cw_kafka_messages_produced_total', 'cw_kafka_messages_dead_lettered_total',
      'cw_kafka_consumer_lag', 'cw_store_command_duration_seconds_bucket', 'cw_http_request_duration_seconds_bucket',
      'cw_bullmq_jobs', 'cw_socketio_connections', 'cw_live_delta_latency_seconds_bucket']) expect(known.has(n), n).to.equal(true);
  });

  it('every dashboard panel queries exported series', () => {
    const dash = JSON.parse(readFileSync(path.join(ROOT, 'infra/grafana/cw-dashboard.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    expect(dash.panels.length).to.be.greaterThan(10);
    for (const p of dash.panels) {
      const used = cwNames(p.targets.map((t) => t.expr));
      for (const n of used) expect(known.has(n), `${p.title}: ${n}`).to.equal(true);
    }
  });

  it('every alert queries exported series, and the scrape config lists the gateway and the five services', () => {
    const alerts = load(readFileSync(path.join(ROOT, 'infra/prometheus/cw-alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
    const rules = alerts.groups.flatMap((g) => g.rules);
    expect(rules.length).to.be.greaterThan(3);
    for (const r of rules) for (const n of cwNames([r.expr])) expect(known.has(n), `${r.alert}: ${n}`).to.equal(true);
    const scrape = load(readFileSync(path.join(ROOT, 'infra/prometheus/prometheus.yml'), 'utf8')) as { scrape_configs: { static_configs: { targets: string[] }[] }[] };
    const targets = scrape.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    expect(targets).to.deep.equal(['127.0.0.1:8080', '127.0.0.1:9101', '127.0.0.1:9102', '127.0.0.1:9103', '127.0.0.1:9104', '127.0.0.1:9105']);
  });
});
