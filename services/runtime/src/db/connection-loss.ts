// A database restart, a failover or pg_terminate_backend, as the driver reports it. pg emits the
// loss as an 'error' event on the client; a client checked out of the pool has no listener of
// pg-pool's, and an 'error' event nobody listens to ends the process. So every connection we take
// is watched while it is out, and what failed on a lost connection is reported as one typed error:
// 503 with Retry-After for a request (the work it did not commit can be asked for again), a retry
// for an event handler (the hub or Dapr delivers it again). Never a crash, never a 500, and never
// the driver's message in an answer.
import type pg from 'pg';
import type { Logger } from 'pino';
import { AppError } from '../errors/app-error';

export class DatabaseUnavailableError extends AppError {
  constructor(cause: unknown) {
    super('SERVICE_UNAVAILABLE', 'The database is unavailable right now; retry shortly', { retryAfterSeconds: 1 });
    this.name = 'DatabaseUnavailableError';
    // Not in `extras`: those reach the client, the cause only the logs.
    Object.defineProperty(this, 'cause', { value: cause, enumerable: false });
  }
}

/** Connection exception (class 08), shutdown by an administrator or a crash, or not accepting connections yet. */
const LOST_SQLSTATE = /^(08...|57P0[123])$/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

function lostCode(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (LOST_SQLSTATE.test(code) || NETWORK_CODES.has(code));
}

/**
 * The error to report for `err`, met on a connection that was (`lost` set) or was not lost. A
 * business error thrown by the caller's own code stays what it is.
 */
export function reportable(err: unknown, lost: Error | undefined): unknown {
  if (err instanceof DatabaseUnavailableError) return err;
  if (lostCode(err) || (lost !== undefined && !(err instanceof AppError))) return new DatabaseUnavailableError(err);
  return err;
}

/**
 * A failure of the EntityManager's pool (knex under MikroORM, which has no watched connections of
 * ours) that means the database is unreachable: a lost-connection code on the error or its cause,
 * MikroORM's ConnectionException, or knex giving up waiting for a connection. Undefined otherwise.
 */
export function unavailableFromOrm(err: unknown): DatabaseUnavailableError | undefined {
  if (err instanceof DatabaseUnavailableError) return err;
  if (err instanceof AppError || !(err instanceof Error)) return undefined;
  const cause = (err as { cause?: unknown }).cause;
  if (lostCode(err) || lostCode(cause) || err.name === 'ConnectionException' || err.name === 'KnexTimeoutError')
    return new DatabaseUnavailableError(err);
  return undefined;
}

/** Any failure to obtain a connection: the database is unreachable, starting, or refusing us. */
export async function connectOrUnavailable(pool: pg.Pool, logger: Logger): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (err) {
    logger.warn({ err: (err as Error).message, code: (err as { code?: string }).code }, 'no database connection');
    throw new DatabaseUnavailableError(err);
  }
}

export interface WatchedConnection {
  /** The error the connection was lost with, if it was. */
  readonly lost: Error | undefined;
  /** Before the client goes back to the pool (pg-pool listens again from then on). */
  stop(): void;
}

export function watchConnection(client: pg.PoolClient, logger: Logger): WatchedConnection {
  let lost: Error | undefined;
  const onError = (err: Error) => {
    if (lost) return; // pg reports a loss twice: the server's message, then the closed socket
    lost = err;
    logger.warn({ err: err.message, code: (err as { code?: string }).code }, 'database connection lost while in use');
  };
  client.on('error', onError);
  return {
    get lost() {
      return lost;
    },
    stop: () => void client.removeListener('error', onError),
  };
}
