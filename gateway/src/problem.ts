import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AppError, type ErrorDetail, type Logger } from '@cw/platform';

/** RFC 7807 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  errors?: { pointer: string; rule: string; message: string }[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests',
  422: 'Unprocessable Content', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export function problemOf(status: number, detail: string, code: string, extra: Record<string, unknown> = {}): Problem {
  return { type: `https://consumer-rights-workflow.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`, title: TITLES[status] ?? 'Error', status, detail, code, ...extra };
}

/** Like Express' `json escape`: problem details may echo input, and must never become markup. */
const escapeJson = (json: string) => json.replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export function sendProblem(res: Parameters<RequestHandler>[1], problem: Problem): void {
  // The audit trail records the code of a refusal (audit/audit-trail.ts).
  res.locals.problemCode = problem.code;
  res.status(problem.status).type('application/problem+json').send(escapeJson(JSON.stringify(problem)));
}

/** Only JSON bodies are accepted on write endpoints. */
export const requireJson: RequestHandler = (req, res, next) => {
  if (!req.is('application/json')) {
    sendProblem(res, problemOf(415, `Content-Type must be application/json (got ${req.headers['content-type'] ?? 'none'})`, 'UNSUPPORTED_MEDIA_TYPE'));
    return;
  }
  next();
};

export const notFound: RequestHandler = (req, res) => {
  sendProblem(res, problemOf(404, `No route for ${req.method} ${req.path}`, 'NOT_FOUND'));
};

/**
 * Errors that mean a server underneath is down or restarting, not a bug: the MongoDB driver's
 * network and selection errors, FerretDB's "failed to connect" to PostgreSQL, ioredis' closed or
 * offline connection, kafkajs' connection errors.
 */
export function isDependencyDown(err: unknown): boolean {
  const e = err as { name?: string; message?: string; code?: string } | undefined;
  const name = e?.name ?? '';
  const message = e?.message ?? '';
  return /^Mongo(Network|ServerSelection|NotConnected|Topology|PoolCleared)/.test(name)
    || (name === 'MongoServerError' && /failed to connect|connection refused|the database system is (starting up|shutting down|in recovery mode)|terminating connection/i.test(message))
    || /^KafkaJS(Connection|NumberOfRetriesExceeded|Timeout|BrokerNotFound)/.test(name)
    || (/Connection is closed|Stream isn't writeable|enableOfflineQueue|ECONNREFUSED|ECONNRESET/.test(message));
}

/** What an error means for the client, whatever the answer's format (problem+json, Open311). */
export interface ErrorAnswer {
  status: number;
  detail: string;
  code: string;
  /** The failing fields of a ValidationError (empty otherwise). */
  details: ErrorDetail[];
  extra: Record<string, unknown>;
  /** Whether the problem document names the request (`instance`). */
  withInstance: boolean;
  /** Set on a dependency outage: the client may retry after this many seconds. */
  retryAfter?: string;
}

/** AppErrors map to their status; body-parser errors to 4xx; a server down to 503; the rest to 500 (logged). */
export function errorAnswer(err: unknown, req: Request, logger: Logger): ErrorAnswer {
  const plain = (status: number, detail: string, code: string): ErrorAnswer => ({ status, detail, code, details: [], extra: {}, withInstance: false });
  if (err instanceof AppError) {
    if (err.httpStatus >= 500) logger.error({ err, path: req.path }, 'request failed');
    return { status: err.httpStatus, detail: err.message, code: err.code, details: err.details, extra: err.extra, withInstance: true };
  }
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed') return plain(400, `Malformed JSON body: ${e.message ?? ''}`, 'MALFORMED_JSON');
  if (e.type === 'entity.too.large') return plain(413, 'Request body is too large', 'BODY_TOO_LARGE');
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return plain(e.status, e.message ?? 'Bad request', 'BAD_REQUEST');
  if (isDependencyDown(err)) {
    // The store, Redis or Kafka is unreachable (a restart, a crash): the client may retry.
    logger.warn({ err: (err as Error).message, path: req.path }, 'dependency unavailable');
    return { ...plain(503, 'A server this request needs is not answering; try again shortly', 'DEPENDENCY_UNAVAILABLE'), withInstance: true, retryAfter: '2' };
  }
  logger.error({ err, path: req.path }, 'unhandled error');
  return plain(500, 'Internal error', 'INTERNAL');
}

/** The one error handler: every error as RFC 7807 problem+json ({@link errorAnswer}). */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    if (res.headersSent) {
      // The answer is out already: e.g. express-session failing to save the session to Redis (a
      // Redis restart) as the response ends. Nothing can be said to the client any more; a body
      // still being streamed (a CSV export) is cut, so the client sees it incomplete, not hanging.
      logger.warn({ err: (err as Error)?.message ?? String(err), path: req.path }, 'error after the answer was sent');
      if (!res.writableEnded) res.destroy();
      return;
    }
    const a = errorAnswer(err, req, logger);
    if (a.retryAfter) res.set('retry-after', a.retryAfter);
    sendProblem(res, problemOf(a.status, a.detail, a.code, {
      ...(a.details.length > 0 ? { errors: a.details } : {}),
      ...a.extra,
      ...(a.withInstance ? { instance: req.originalUrl } : {}),
    }));
  };
}
