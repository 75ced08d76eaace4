/**
 * Side effects that survive a crash. `record` writes each event into the
 * outbox table inside the write's own transaction; after commit this node
 * hands the events to the sinks at once, in commit order (no polling
 * latency). Rows whose sinks all settled are deleted together, once a
 * second (by the sweep) or at drain: a DELETE per write would cost a commit,
 * an fsync, of its own (measured: twice the time of a post). A `kill -9`
 * between commit and that delete leaves the rows behind with a claim that
 * runs out; `sweep` (every second on each server, and at start-up) takes
 * over rows whose claim ran out and delivers them. Delivery is therefore at
 * least once: sinks tolerate a repeat (docs/architecture.md, Outbox); a
 * crash also repeats what was delivered in its last second, not yet deleted.
 *
 * A rolled-back transaction records nothing and tells nobody: the rows go
 * with it and `afterCommit` never runs.
 */
import type { Transaction } from 'sequelize';
import type { ClaimedOutboxEntry, OutboxEntry, OutboxRepository } from '../../db/repositories/outbox-repository.js';
import { newId } from '../../domain/ids.js';
import type { AnyWarbleEvent } from '../events.js';

export interface OutboxOptions {
  store: OutboxRepository;
  /** Tells every sink; resolves once all settled (their failures already logged). */
  deliver: (event: AnyWarbleEvent) => Promise<void>;
  /** Background work shutdown waits for. */
  track: (work: Promise<unknown>) => void;
  /** This process: host:pid:random, so a restarted node does not mistake its predecessor's claims for its own. */
  holder: string;
  /** How long a claim lasts without renewal: how soon another node (or this one, restarted) takes over after a crash. */
  claimMs?: number;
  /** A row that was claimed this many times without being completed keeps killing its node: dropped, with an error. */
  maxAttempts?: number;
  onError: (error: unknown, message: string, detail?: Record<string, unknown>) => void;
  /** Test hook (WARBLE_TEST_CRASH_AFTER_COMMIT): SIGKILL this process right after committing this event, before delivering it. */
  crashAfterCommit?: string;
}

interface Pending {
  id: string;
  event: AnyWarbleEvent;
}

const SWEEP_BATCH = 100;
/** Delivered rows waiting for the next DELETE beyond which it runs at once (bounds memory and the statement). */
const COMPLETE_AT = 500;

export class TransactionalOutbox {
  /** The events recorded by each open transaction, delivered together after its commit. */
  private readonly batches = new WeakMap<Transaction, Pending[]>();
  /** Rows this node is delivering now: their claims are renewed, the sweep leaves them alone. */
  private readonly inFlight = new Set<string>();
  /** Delivered rows waiting for the next DELETE. */
  private readonly toComplete = new Set<string>();
  /** The DELETE loop, while one runs: completions arriving meanwhile go in its next statement. */
  private completing: Promise<void> | null = null;
  private readonly claimMs: number;
  private readonly maxAttempts: number;

  constructor(private readonly options: OutboxOptions) {
    this.claimMs = options.claimMs ?? 5000;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  /** Records `events` in `transaction`; they reach the sinks after it commits, or after a restart if this process dies first. */
  async record(transaction: Transaction, events: AnyWarbleEvent[]): Promise<void> {
    if (events.length === 0) return;
    const pending = events.map((event) => ({ id: newId(), event }));
    let batch = this.batches.get(transaction);
    if (!batch) {
      const created: Pending[] = [];
      batch = created;
      this.batches.set(transaction, created);
      transaction.afterCommit(() => this.committed(created));
    }
    batch.push(...pending);
    const entries: OutboxEntry[] = pending.map(({ id, event }) => ({ id, name: event.name, payload: JSON.stringify(event.payload) }));
    await this.options.store.add(entries, this.options.holder, this.claimUntil(), transaction);
  }

  /** Renews this node's claims and delivers rows whose node died; returns how many it took over. */
  async sweep(now: Date = new Date()): Promise<number> {
    await this.flush();
    const until = new Date(now.getTime() + this.claimMs);
    // Only rows still being delivered: one whose DELETE failed must lapse, so a sweep delivers it again.
    await this.options.store.renew(this.options.holder, [...this.inFlight], until);
    const claimed = (await this.options.store.claimStale(this.options.holder, until, now, SWEEP_BATCH)).filter((row) => !this.inFlight.has(row.id));
    const deliverable: Pending[] = [];
    const dropped: string[] = [];
    for (const row of claimed) {
      const event = this.revived(row);
      if (event) deliverable.push({ id: row.id, event });
      else dropped.push(row.id);
    }
    if (dropped.length > 0) await this.options.store.complete(dropped);
    this.deliver(deliverable);
    return deliverable.length;
  }

  /** Deletes the rows delivered so far (the sweep; drain at shutdown). Never rejects. */
  async flush(): Promise<void> {
    while (this.toComplete.size > 0 || this.completing) {
      this.completing ??= this.completeQueued();
      await this.completing;
    }
  }

  /** Rows this node is delivering (tests, metrics). */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  private committed(batch: Pending[]): void {
    const crashOn = this.options.crashAfterCommit;
    if (crashOn && batch.some(({ event }) => event.name === crashOn)) process.kill(process.pid, 'SIGKILL');
    this.deliver(batch);
  }

  /** Sinks are called synchronously in order (live delivery keeps that order); the rows go once every sink settled. */
  private deliver(batch: Pending[]): void {
    if (batch.length === 0) return;
    const ids = batch.map(({ id }) => id);
    for (const id of ids) this.inFlight.add(id);
    const runs = batch.map(({ event }) => this.options.deliver(event));
    // deliver() never rejects: sink failures are logged by the publisher.
    this.options.track(Promise.all(runs).then(() => this.completed(ids)));
  }

  /** Delivered: deleted with the next flush (rows stay claimed, and renewed, until then). */
  private completed(ids: string[]): void {
    for (const id of ids) this.toComplete.add(id);
    if (this.toComplete.size >= COMPLETE_AT) this.completing ??= this.completeQueued();
  }

  private async completeQueued(): Promise<void> {
    while (this.toComplete.size > 0) {
      const ids = [...this.toComplete];
      this.toComplete.clear();
      try {
        await this.options.store.complete(ids);
      } catch (error) {
        // The rows stay: once their claim runs out, a sweep delivers them again (at least once).
        this.options.onError(error, 'outbox rows not completed', { ids });
      } finally {
        for (const id of ids) this.inFlight.delete(id);
      }
    }
    this.completing = null;
  }

  /** The event of a row taken over, or null when it must be dropped (too many attempts, unreadable). */
  private revived(row: ClaimedOutboxEntry): AnyWarbleEvent | null {
    if (row.attempts > this.maxAttempts) {
      this.options.onError(new Error(`delivery started ${row.attempts - 1} times, never completed`), 'outbox event dropped', { id: row.id, event: row.name });
      return null;
    }
    try {
      return { name: row.name, payload: JSON.parse(row.payload) as unknown } as AnyWarbleEvent;
    } catch (error) {
      this.options.onError(error, 'outbox event dropped: unreadable payload', { id: row.id, event: row.name });
      return null;
    }
  }

  private claimUntil(): Date {
    return new Date(Date.now() + this.claimMs);
  }
}
