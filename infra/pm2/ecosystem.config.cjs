/**
 * The processes of `npm start` under pm2 (issue 14, item 1): a crashed process is restarted with
 * exponential back-off (0.2 s, doubling up to 15 s; reset after 30 s of uptime) while the others keep
 * running; `npx pm2 ls` (PM2_HOME=.data/pm2) shows each process's state; Ctrl-C on `npm start`
 * (pm2-runtime) stops them all, each with SIGINT and up to 10 s to finish its batch.
 *
 * SERVICE_HEAP_MB caps each process's V8 old space (decision 0023).
 */
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const heapMb = process.env.SERVICE_HEAP_MB || '256';
const PROCESSES = [
  ['gateway', 'gateway/dist/main.js'],
  ['intake', 'services/intake/dist/main.js'],
  ['router', 'services/router/dist/main.js'],
  ['workflow', 'services/workflow/dist/main.js'],
  ['sla', 'services/sla/dist/main.js'],
  ['stats', 'services/stats/dist/main.js'],
];

module.exports = {
  apps: PROCESSES.map(([name, script]) => ({
    name,
    cwd: root,
    script: path.join(root, script),
    interpreter: 'node',
    node_args: [`--max-old-space-size=${heapMb}`],
    exec_mode: 'fork',
    instances: 1,
    autorestart: true,
    exp_backoff_restart_delay: 200,
    min_uptime: 5000,
    kill_timeout: 10_000,
    merge_logs: true,
    time: false,
    env: { ...process.env, SERVICE_NAME: name },
  })),
};
