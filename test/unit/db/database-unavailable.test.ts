import { expect } from 'chai';
import { AccessDeniedError, ConnectionError, ConnectionRefusedError, DatabaseError, UniqueConstraintError, ValidationError } from 'sequelize';
import { isDatabaseUnavailable } from '../../../server/db/database-unavailable.js';

/** What node-postgres hands Sequelize: an Error with the server's SQLSTATE or the socket's code, if any. */
function pgError(message: string, code?: string): Error & { sql: string; parameters: object } {
  return Object.assign(new Error(message), { sql: 'SELECT 1', parameters: {} }, code ? { code } : {});
}

describe('isDatabaseUnavailable', () => {
  it('is true for a server that is not there, going away or starting', () => {
    expect(isDatabaseUnavailable(new ConnectionRefusedError(pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')))).to.equal(true);
    expect(isDatabaseUnavailable(new ConnectionError(pgError('Connection terminated unexpectedly')))).to.equal(true);
    expect(isDatabaseUnavailable(new ConnectionError(pgError('the database system is starting up', '57P03')))).to.equal(true);
  });

  it('is true for a connection lost in the middle of a query', () => {
    expect(isDatabaseUnavailable(new DatabaseError(pgError('Connection terminated unexpectedly')))).to.equal(true);
    expect(isDatabaseUnavailable(new DatabaseError(pgError('terminating connection due to administrator command', '57P01')))).to.equal(true);
    expect(isDatabaseUnavailable(new DatabaseError(pgError('read ECONNRESET', 'ECONNRESET')))).to.equal(true);
  });

  it('is true for an SQLite file still locked by another writer after the busy timeout', () => {
    expect(isDatabaseUnavailable(new DatabaseError(pgError('SQLITE_BUSY: database is locked', 'SQLITE_BUSY')))).to.equal(true);
  });

  it('is false for what waiting cannot fix: a wrong password, user or database name', () => {
    expect(isDatabaseUnavailable(new ConnectionError(pgError('password authentication failed for user "warble"', '28P01')))).to.equal(false);
    expect(isDatabaseUnavailable(new ConnectionError(pgError('database "nope" does not exist', '3D000')))).to.equal(false);
    expect(isDatabaseUnavailable(new AccessDeniedError(pgError('access denied')))).to.equal(false);
  });

  it('is false for a query that is wrong, a broken rule, or anything else', () => {
    expect(isDatabaseUnavailable(new DatabaseError(pgError('syntax error at or near "SELEC"', '42601')))).to.equal(false);
    expect(isDatabaseUnavailable(new UniqueConstraintError({ message: 'Validation error' }))).to.equal(false);
    expect(isDatabaseUnavailable(new ValidationError('bad', []))).to.equal(false);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).to.equal(false);
    expect(isDatabaseUnavailable(undefined)).to.equal(false);
  });
});
