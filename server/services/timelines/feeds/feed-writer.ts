/**
 * Fan-out on write, after commit: the event sink that copies a new post's id
 * into the feeds that exist of everyone it is a candidate for, and takes a
 * deleted post's id out again (a hidden one stays: see purge). Edits are delivered again (a new
 * mention or hashtag adds readers; adding an id twice changes nothing), so
 * delivering an event more than once is harmless.
 *
 * Follows, group membership and followed hashtags need no event here: each
 * feed remembers the sources it was built for and is rebuilt when they
 * differ at read time (home-feed-reader.ts), which also covers changes made
 * with no event at all.
 */
import type { EventSink } from '../../events.js';
import type { FeedAudience } from './feed-audience.js';
import type { HomeFeedStore } from './home-feed-store.js';

export class FeedWriter {
  /** Fan-outs running on this node, by post id: a reader waits for them (it reads its own writes), a second request for one joins it. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private edits = 0;

  constructor(
    private readonly store: HomeFeedStore,
    private readonly audience: FeedAudience,
  ) {}

  readonly sink: EventSink = (name, payload) => {
    if (name === 'post.created') return this.fanOut([(payload as { postId: string }).postId]);
    // Not joined with a running delivery of the post: that one may have read its mentions before the edit.
    if (name === 'post.edited') {
      const postId = (payload as { postId: string }).postId;
      return this.track(`${postId}:edit:${++this.edits}`, () => this.deliver(postId));
    }
    if (name === 'post.deleted') return this.purge(payload as { postId: string; authorId: string; audienceUserIds?: string[] });
    return undefined;
  };

  /** Delivers each post (once per node at a time) and resolves when all are in the feeds. */
  fanOut(postIds: readonly string[]): Promise<void> {
    return Promise.all(postIds.map((postId) => this.track(postId, () => this.deliver(postId)))).then(() => undefined);
  }

  /** Resolves when the fan-outs running now have finished (successfully or not). */
  async idle(): Promise<void> {
    if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  private async deliver(postId: string): Promise<void> {
    const delivery = await this.audience.of(postId);
    if (delivery) await this.store.deliver(delivery);
  }

  private async purge(event: { postId: string; authorId: string; audienceUserIds?: string[] }): Promise<void> {
    // A delivery still running would put the id back after the removal.
    await this.inFlight.get(event.postId)?.catch(() => undefined);
    // A hidden post stays a candidate: its author still sees it, and unhiding it tells no one. The presenter hides it.
    if ((await this.audience.stateOf(event.postId)) !== 'gone') return;
    const delivery = await this.audience.of(event.postId);
    const readers = delivery
      ? [...delivery.recipients, ...delivery.followers]
      : [event.authorId, ...(event.audienceUserIds ?? []), ...(await this.audience.followersOf(event.authorId))];
    await this.store.remove(event.postId, [...new Set(readers)]);
  }

  private track(key: string, work: () => Promise<void>): Promise<void> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const started = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}
