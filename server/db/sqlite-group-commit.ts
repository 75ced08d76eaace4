/**
 * Group commit for SQLite's one writer: write transactions that queue up
 * while another runs are committed together, as savepoints of one
 * transaction, instead of one after another.
 *
 * Why: in WAL mode with `synchronous = FULL` every COMMIT waits for an
 * fsync of the log. Measured here: 0.9 ms per one-row transaction against
 * 0.12 ms per row inside a shared one, so under a burst of posts the disk
 * flush, not the work, set the pace (issue 14: 29 posts/s). Databases do
 * the same (PostgreSQL's commit_delay, InnoDB's group commit).
 *
 * What each caller still gets, exactly as with a transaction of its own:
 * - its work runs alone (one job at a time, in arrival order), so it sees
 *   the writes of the jobs before it and nothing interleaves;
 * - if its work throws, only its own writes are undone (ROLLBACK TO its
 *   savepoint) and it gets the error; the others carry on;
 * - it is answered only after the shared COMMIT has returned, so nothing is
 *   acknowledged before it is durable, and `afterCommit` hooks run after
 *   that COMMIT (never for a job whose writes were undone);
 * - if the shared COMMIT fails, every job in the batch gets that error and
 *   none of their writes remain.
 * A job that arrives while the writer is idle starts at once, alone: group
 * commit adds no delay when there is nothing to group.
 */
import type { Transaction, TransactionOptions } from 'sequelize';

export type Work<T> = (transaction: Transaction) => PromiseLike<T>;

type ManagedTransaction = <T>(options: TransactionOptions, work: Work<T>) => Promise<T>;

interface Job {
  options: TransactionOptions;
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; value: unknown; afterCommit: Array<() => unknown> } | { ok: false; error: unknown };

/** Jobs per shared transaction: bounds how long the first one waits for its answer. */
const MAX_BATCH = 64;

export class GroupCommitQueue {
  private readonly queue: Job[] = [];
  private draining = false;

  /** `transaction` is Sequelize's own `sequelize.transaction`, before any wrapping. */
  constructor(private readonly transaction: ManagedTransaction) {}

  /** Transactions waiting for the writer (for /metrics). */
  get waiting(): number {
    return this.queue.length;
  }

  run<T>(options: TransactionOptions, work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ options, work: work as Work<unknown>, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        if (batch.length === 1) await this.runAlone(batch[0]!);
        else await this.runTogether(batch);
      }
    } finally {
      this.draining = false;
    }
  }

  private async runAlone(job: Job): Promise<void> {
    try {
      job.resolve(await this.transaction(job.options, job.work));
    } catch (error) {
      job.reject(error);
    }
  }

  private async runTogether(batch: Job[]): Promise<void> {
    const outcomes: Outcome[] = [];
    try {
      await this.transaction({}, async (shared) => {
        for (const job of batch) outcomes.push(await this.runAsSavepoint(shared, job));
      });
    } catch (commitError) {
      // The shared transaction is gone: no job's writes remain, whatever its own outcome was.
      for (const [index, job] of batch.entries()) {
        const outcome = outcomes[index];
        job.reject(outcome && !outcome.ok ? outcome.error : commitError);
      }
      return;
    }
    for (const [index, job] of batch.entries()) {
      const outcome = outcomes[index]!;
      if (!outcome.ok) {
        job.reject(outcome.error);
        continue;
      }
      try {
        // As with Sequelize's own hooks: a failing afterCommit hook fails the caller, after its writes are committed.
        for (const hook of outcome.afterCommit) await hook();
        job.resolve(outcome.value);
      } catch (error) {
        job.reject(error);
      }
    }
  }

  /** One job's work inside a savepoint of the shared transaction; its afterCommit hooks wait for the shared COMMIT. */
  private async runAsSavepoint(shared: Transaction, job: Job): Promise<Outcome> {
    const afterCommit: Array<() => unknown> = [];
    try {
      const value = await this.transaction({ ...job.options, transaction: shared }, (savepoint) => {
        savepoint.afterCommit = (hook: (transaction: Transaction) => unknown) => {
          afterCommit.push(() => hook(savepoint));
        };
        return job.work(savepoint);
      });
      return { ok: true, value, afterCommit };
    } catch (error) {
      return { ok: false, error };
    }
  }
}
