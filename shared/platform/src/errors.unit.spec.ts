import { expect } from 'chai';
import { AppError, isRetriable } from './errors.js';

describe('which failures a consumer retries', () => {
  it('does not retry PostgreSQL data exceptions passed on by FerretDB (the document is refused, the same every time)', () => {
    const refused = Object.assign(new Error('[msg_insert.go:168 handler.(*Handler).MsgInsert] ERROR: unsupported Unicode escape sequence (SQLSTATE 22P05)'), { code: 1, name: 'MongoBulkWriteError' });
    expect(isRetriable(refused)).to.equal(false);
    const inWriteErrors = Object.assign(new Error('bulk write failed'), { code: 1, writeErrors: [{ code: 1, errmsg: 'ERROR: invalid input syntax for type json (SQLSTATE 22P02)' }] });
    expect(isRetriable(inWriteErrors)).to.equal(false);
  });

  it('retries lost connections, other PostgreSQL classes and unknown errors', () => {
    expect(isRetriable(Object.assign(new Error('ERROR: terminating connection due to administrator command (SQLSTATE 57P01)'), { code: 1 }))).to.equal(true);
    expect(isRetriable(Object.assign(new Error('connection refused (SQLSTATE 08006)'), { code: 1 }))).to.equal(true);
    expect(isRetriable(new Error('socket hang up'))).to.equal(true);
    expect(isRetriable(new AppError('bad', { code: 'X', httpStatus: 400, retriable: false }))).to.equal(false);
  });
});
