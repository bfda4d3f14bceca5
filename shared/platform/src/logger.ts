import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Personal data never reaches a log line: these paths are censored wherever they appear in logged
 * objects. Code should not log them in the first place; this is the safety net.
 */
const REDACT_PATHS = [
  'phone', 'idNumber',
  '*.phone', '*.idNumber', '*.name',
  '*.*.phone', '*.*.idNumber', '*.*.name',
  'consumer', '*.consumer', 'caller', '*.caller', 'reporter', '*.reporter',
  'password', '*.password', 'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization',
];

/** Creates the root logger of a process. `LOG_PRETTY=1` prints human-readable lines (used by `npm start`). */
export function createLogger(name: string, level = 'info', options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const pretty = process.env.LOG_PRETTY === '1' && !destination;
  const opts: LoggerOptions = {
    name,
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: name },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service' } } }
      : {}),
    ...options,
  };
  return destination ? pino(opts, destination) : pino(opts);
}
