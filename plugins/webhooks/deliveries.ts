/**
 * Outgoing deliveries, kept in the plugin's store (shared by every node) so
 * a restart loses no retry: each attempt is recorded with the time of the
 * next one before the node waits for it. The node that made an attempt
 * retries on its own timer; a scheduled sweep (once across nodes) picks up
 * deliveries whose next attempt is overdue by `resumeAfterMs`, i.e. whose
 * node stopped. Delivery is at least once: receivers deduplicate by the
 * X-Warble-Delivery header.
 *
 * Warble tells `post.created` at least once too (its event outbox repeats an
 * event whose node died before finishing it): a delivery is made once per
 * hook and post, remembered by a `sent:` key beside the delivery.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { PluginStore } from '../../server/plugins/api.js';
import { signature } from './signature.js';

export interface Delivery {
  id: string;
  url: string;
  postId: string;
  attempts: number;
  status: 'pending' | 'delivered' | 'failed';
  lastResult: string;
  at: string;
  /** The exact JSON sent on every attempt, so a resumed retry sends the same bytes. */
  body: string;
  /** When the next attempt is due (pending deliveries only). */
  nextAttemptAt: string | null;
}

export interface DeliverySettings {
  attempts: number;
  retryBaseMs: number;
  timeoutMs: number;
  resumeAfterMs: number;
  /** The signing secret of a hook URL; null when the hook is no longer configured. */
  secretFor(url: string): string | null;
  onFailed(delivery: Delivery): void;
  /** An attempt crashed (the store failed): logged; the sweep retries it. */
  onError(error: unknown): void;
}

const KEPT_DELIVERIES = 100;
const PREFIX = 'delivery:';
const SENT_PREFIX = 'sent:';

/** The key that says this hook already has a delivery of this post. */
function sentKey(url: string, postId: string): string {
  return `${SENT_PREFIX}${postId}:${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;
}

export class DeliveryQueue {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly store: PluginStore,
    private readonly settings: DeliverySettings,
  ) {}

  /**
   * Records a new delivery, unless this hook already has one of this post,
   * and makes its first attempt in the background: resolves once recorded.
   */
  async enqueue(url: string, postId: string, body: string): Promise<void> {
    const sent = sentKey(url, postId);
    if ((await this.store.get<string>(sent)) !== undefined) return;
    const delivery: Delivery = {
      id: `${Date.now().toString().padStart(15, '0')}-${randomBytes(4).toString('hex')}`,
      url,
      postId,
      attempts: 0,
      status: 'pending',
      lastResult: '',
      at: new Date().toISOString(),
      body,
      nextAttemptAt: new Date().toISOString(),
    };
    await this.save(delivery);
    await this.store.set(sent, delivery.id);
    this.attempt(delivery).catch((error: unknown) => this.settings.onError(error));
  }

  /** The newest deliveries first, for the admin panel. */
  async recent(limit: number): Promise<Delivery[]> {
    const keys = (await this.store.keys(PREFIX)).reverse().slice(0, limit);
    const found = await Promise.all(keys.map((key) => this.store.get<Delivery>(key)));
    return found.filter((delivery): delivery is Delivery => delivery !== undefined);
  }

  /** Retries deliveries whose node stopped before their next attempt (the scheduled sweep). */
  async resumeOrphans(now = Date.now()): Promise<number> {
    let resumed = 0;
    for (const key of await this.store.keys(PREFIX)) {
      const delivery = await this.store.get<Delivery>(key);
      if (delivery?.status !== 'pending' || delivery.nextAttemptAt === null || delivery.body === undefined) continue;
      if (Date.parse(delivery.nextAttemptAt) + this.settings.resumeAfterMs > now) continue;
      resumed += 1;
      await this.attempt(delivery);
    }
    return resumed;
  }

  /** No new attempts start; pending ones stay recorded for the sweep of the next node. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async attempt(delivery: Delivery): Promise<void> {
    if (this.stopped) return;
    const secret = this.settings.secretFor(delivery.url);
    delivery.attempts += 1;
    if (secret === null) {
      delivery.lastResult = 'hook no longer configured';
      delivery.attempts = this.settings.attempts;
    } else {
      delivery.lastResult = await this.post(delivery, secret);
      if (delivery.lastResult.startsWith('HTTP 2')) {
        delivery.status = 'delivered';
        delivery.nextAttemptAt = null;
        await this.finish(delivery);
        return;
      }
    }
    if (delivery.attempts >= this.settings.attempts) {
      delivery.status = 'failed';
      delivery.nextAttemptAt = null;
      await this.finish(delivery);
      this.settings.onFailed(delivery);
      return;
    }
    const waitMs = this.settings.retryBaseMs * 2 ** (delivery.attempts - 1);
    delivery.nextAttemptAt = new Date(Date.now() + waitMs).toISOString();
    // Recorded before waiting: if this node stops now, the sweep of another picks it up.
    await this.save(delivery);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.attempt(delivery).catch(() => undefined);
    }, waitMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** One signed POST; the result as shown on the admin page. */
  private async post(delivery: Delivery, secret: string): Promise<string> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Warble-Webhooks/1',
          'x-warble-event': 'post.created',
          'x-warble-delivery': delivery.id,
          'x-warble-timestamp': timestamp,
          'x-warble-signature': signature(secret, timestamp, delivery.body),
        },
        body: delivery.body,
        signal: AbortSignal.timeout(this.settings.timeoutMs),
        redirect: 'manual',
      });
      await response.body?.cancel();
      return `HTTP ${response.status}`;
    } catch (error) {
      return (error as Error).message;
    }
  }

  private async finish(delivery: Delivery): Promise<void> {
    await this.save(delivery);
    await this.prune();
  }

  private save(delivery: Delivery): Promise<void> {
    return this.store.set(`${PREFIX}${delivery.id}`, delivery);
  }

  /** Keeps the newest finished deliveries; pending ones are never dropped. */
  private async prune(): Promise<void> {
    const keys = await this.store.keys(PREFIX);
    for (const key of keys.slice(0, Math.max(0, keys.length - KEPT_DELIVERIES))) {
      const delivery = await this.store.get<Delivery>(key);
      if (delivery?.status === 'pending') continue;
      await this.store.delete(key);
      if (delivery) await this.store.delete(sentKey(delivery.url, delivery.postId));
    }
  }
}
