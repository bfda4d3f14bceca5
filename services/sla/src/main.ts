import { createLifecycle, createLogger } from '@cw/platform';
import { loadSlaConfig } from './config.js';
import { SERVICE, startSla } from './app.js';

const config = loadSlaConfig();
const logger = createLogger(SERVICE, config.LOG_LEVEL);
const lifecycle = createLifecycle(logger);
lifecycle.installSignalHandlers();
const service = await startSla(config, logger, process.argv.includes('--rebuild') ? { rebuild: 'always' } : {});
lifecycle.onStop(SERVICE, service.stop);
logger.info({ queue: service.queueName, warnWorkingDays: config.SLA_WARN_WORKING_DAYS, clockOffsetMs: config.SLA_CLOCK_OFFSET_MS }, 'sla started');
