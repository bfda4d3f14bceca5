import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { errorHandler } from './problem.js';

/** A route that answers, then fails (as express-session does when Redis is gone at the response's end). */
async function serve(route: express.RequestHandler) {
  const logged: { level: number; msg: string; path?: string }[] = [];
  const app = express();
  app.get('/x', route);
  app.use(errorHandler(pino({ level: 'warn' }, { write: (line: string) => { logged.push(JSON.parse(line) as (typeof logged)[number]); } })));
  // Express' own last handler would print the error to stderr: only reached if ours threw.
  app.use(((err, _req, res, _next) => { logged.push({ level: 99, msg: `reached Express: ${(err as Error).message}` }); res.destroy(); }) as express.ErrorRequestHandler);
  const server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  return { logged, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, close: () => new Promise((r) => server.close(r)) };
}

describe('errorHandler: an error after the answer was sent', () => {
  it('keeps the answer already sent, logs a warning naming the path, and does not throw', async () => {
    const s = await serve((_req, res, next) => {
      res.status(202).json({ ok: true });
      setImmediate(() => next(new Error('Connection is closed.')));
    });
    try {
      const res = await fetch(s.url);
      expect(res.status).to.equal(202);
      expect(await res.json()).to.deep.equal({ ok: true });
      for (const end = Date.now() + 2000; s.logged.length === 0 && Date.now() < end;) await new Promise((r) => setImmediate(r));
      expect(s.logged.map((l) => [l.level, l.msg, l.path])).to.deep.equal([[40, 'error after the answer was sent', '/x']]);
    } finally {
      await s.close();
    }
  });

  it('cuts a body still being streamed, so the client sees it incomplete', async () => {
    const s = await serve((_req, res, next) => {
      res.status(200).type('text/csv').write('a,b\n');
      setTimeout(() => next(new Error('MongoNetworkError')), 20);
    });
    try {
      const res = await fetch(s.url);
      expect(res.status).to.equal(200);
      let failed = false;
      await res.text().catch(() => { failed = true; });
      expect(failed, 'the body read fails').to.equal(true);
      expect(s.logged.map((l) => l.msg)).to.deep.equal(['error after the answer was sent']);
    } finally {
      await s.close();
    }
  });
});
