import { createLogger } from '@cw/platform';
import { loadStatsConfig } from './config.js';
import { rebuildStats } from './app.js';

// `node services/stats/dist/rebuild.js [--drop-stale]`: replay case.events into a fresh generation and activate it.
const config = loadStatsConfig();
const logger = createLogger('stats-rebuild', config.LOG_LEVEL);
try {
  const result = await rebuildStats(config, logger, { dropStale: process.argv.includes('--drop-stale') });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
} catch (err) {
  logger.fatal({ err }, 'rebuild failed');
  process.exit(1);
}
