#!/usr/bin/env node
/**
 * `node services/sla/dist/rebuild.js`: re-creates the deadline schedule from the `cases` collection
 * (e.g. after Redis was flushed) and exits. Safe while the service runs: slots already right are kept.
 */
import { createLogger } from '@cw/platform';
import { loadSlaConfig } from './config.js';
import { SERVICE, openSchedule } from './app.js';

const config = loadSlaConfig();
const logger = createLogger(`${SERVICE}-rebuild`, config.LOG_LEVEL);
const schedule = await openSchedule(config, logger);
try {
  await schedule.rebuild();
} catch (err) {
  logger.error({ err }, 'rebuild failed');
  process.exitCode = 1;
} finally {
  await schedule.close();
}
