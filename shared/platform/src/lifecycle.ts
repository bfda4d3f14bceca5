import { createLogger, type Logger } from './logger.js';
import { METRICS_PORTS, initMetrics, startMetricsServer } from './metrics.js';

type Stopper = () => Promise<void>;

/**
 * The composition root's shutdown: stoppers run in reverse order of registration on SIGINT/SIGTERM,
 * with a deadline; unhandled rejections and uncaught exceptions are logged and end the process
 * through the same path.
 */
export function createLifecycle(logger: Logger, timeoutMs = 10000) {
  const stoppers: { name: string; stop: Stopper }[] = [];
  let stopping: Promise<void> | undefined;

  const shutdown = (reason: string, exitCode = 0): Promise<void> => {
    if (stopping) return stopping;
    logger.info({ reason }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    stopping = (async () => {
      for (const { name, stop } of [...stoppers].reverse()) {
        try { await stop(); } catch (err) { logger.error({ err, name }, 'stop failed'); }
      }
      clearTimeout(timer);
      logger.info('stopped');
      process.exit(exitCode);
    })();
    return stopping;
  };

  return {
    onStop(name: string, stop: Stopper) { stoppers.push({ name, stop }); },
    installSignalHandlers() {
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      process.on('unhandledRejection', (err) => { logger.fatal({ err }, 'unhandled rejection'); void shutdown('unhandledRejection', 1); });
      process.on('uncaughtException', (err) => { logger.fatal({ err }, 'uncaught exception'); void shutdown('uncaughtException', 1); });
    },
    shutdown,
  };
}

/**
 * The composition root every service shares: load config, create the logger, install signal
 * handlers, start, and register the stop. Start-up failures (bad config, unreachable servers) are
 * logged with their reason and end the process with status 1.
 */
export async function runService<C extends { LOG_LEVEL: string }>(
  name: string,
  loadConfig: () => C,
  start: (config: C, logger: Logger) => Promise<{ stop: () => Promise<void> }>,
  opts: { metricsServer?: boolean } = {},
): Promise<void> {
  let config: C;
  try {
    config = loadConfig();
  } catch (err) {
    createLogger(name).fatal({ err }, 'invalid configuration');
    process.exit(1);
  }
  const logger = createLogger(name, config.LOG_LEVEL);
  const lifecycle = createLifecycle(logger);
  lifecycle.installSignalHandlers();
  initMetrics(name);
  // Metrics and health beside the service (the gateway serves them on its own port: opts).
  const metricsPort = process.env.METRICS_PORT ? Number(process.env.METRICS_PORT) : METRICS_PORTS[name];
  if (metricsPort !== undefined && !(Number.isInteger(metricsPort) && metricsPort >= 0 && metricsPort <= 65535)) {
    logger.fatal({ METRICS_PORT: process.env.METRICS_PORT }, 'invalid configuration: METRICS_PORT must be a port number from 0 (any free port) to 65535');
    process.exit(1);
  }
  if (opts.metricsServer !== false && metricsPort !== undefined) {
    const metrics = await startMetricsServer(name, metricsPort, logger);
    if (metrics) lifecycle.onStop('metrics', metrics.stop);
  }
  try {
    const service = await start(config, logger);
    lifecycle.onStop(name, service.stop);
    logger.info(`${name} started`);
  } catch (err) {
    logger.fatal({ err }, 'start failed');
    await lifecycle.shutdown('start failed', 1);
  }
}
