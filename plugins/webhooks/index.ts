/**
 * webhooks: incoming (a secret URL that posts into a group as the bot) and
 * outgoing (new posts of a group or hashtag POSTed to a URL, signed, retried
 * with backoff, listed on /admin/plugins/webhooks).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { definePlugin, type PluginContext, type PluginPost } from '../../server/plugins/api.js';
import { DeliveryQueue } from './deliveries.js';

interface Incoming {
  name: string;
  group: string;
  token: string;
}

interface Outgoing {
  url: string;
  secret: string;
  group?: string;
  hashtag?: string;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Finds the incoming hook for a token, comparing digests in constant time. */
function matchToken(hooks: Incoming[], token: string): Incoming | undefined {
  const given = digest(token);
  return hooks.find((hook) => timingSafeEqual(digest(hook.token), given));
}

/** The message of a JSON or form body: text, message, or content (first found). */
function messageOf(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const record = body as Record<string, unknown>;
  const value = record.text ?? record.message ?? record.content;
  return typeof value === 'string' ? value.trim() : '';
}

/** Direct messages never leave; a hashtag-only hook sends public posts only; a group hook, posts of that group. */
function matches(hook: Outgoing, post: PluginPost): boolean {
  if (post.visibility === 'direct') return false;
  if (hook.group && hook.group !== post.groupSlug && hook.group !== post.groupId) return false;
  if (!hook.group && post.visibility !== 'public') return false;
  if (hook.hashtag && !post.hashtags.includes(hook.hashtag.replace(/^#/, '').toLowerCase())) return false;
  return true;
}

/** The running plugin's queue, stopped at shutdown. */
let queue: DeliveryQueue | undefined;

export default definePlugin({
  setup(ctx: PluginContext) {
    const configured = ctx.config.incoming as Incoming[];
    const outgoing = ctx.config.outgoing as Outgoing[];
    const attempts = Number(ctx.config.attempts);
    const retryBaseMs = Number(ctx.config.retryBaseMs);
    const timeoutMs = Number(ctx.config.timeoutMs);
    const resumeAfterMs = Number(ctx.config.resumeAfterMs);
    const deliveries = new DeliveryQueue(ctx.store, {
      attempts,
      retryBaseMs,
      timeoutMs,
      resumeAfterMs,
      secretFor: (url) => outgoing.find((hook) => hook.url === url)?.secret ?? null,
      onFailed: (delivery) => ctx.log.warn('webhook delivery failed', { url: delivery.url, postId: delivery.postId, result: delivery.lastResult }),
      onError: (error) => ctx.log.error('webhook delivery crashed', { error: (error as Error).message }),
    });
    queue = deliveries;

    const incomingHooks = async (): Promise<Incoming[]> => {
      const created = await Promise.all((await ctx.store.keys('incoming:')).map((key) => ctx.store.get<Incoming>(key)));
      return [...configured, ...created.filter((hook): hook is Incoming => hook !== undefined)];
    };

    ctx.routes.post(
      '/incoming/:token',
      async (request) => {
        const hook = matchToken(await incomingHooks(), request.params.token ?? '');
        if (!hook) return { status: 404, json: { error: 'Unknown webhook', code: 'E_NOT_FOUND' } };
        const text = messageOf(request.body);
        if (text === '') return { status: 422, json: { error: 'Send {"text": "…"} as JSON or a form', code: 'E_VALIDATION', field: 'text' } };
        try {
          const post = await ctx.bot.post(text, { group: hook.group });
          return { status: 201, json: { id: post.id, url: post.url } };
        } catch (error) {
          ctx.log.warn('incoming webhook refused', { hook: hook.name, error: (error as Error).message });
          return { status: 422, json: { error: (error as Error).message, code: 'E_VALIDATION', field: 'text' } };
        }
      },
      { auth: 'none' },
    );

    ctx.routes.post(
      '/admin/incoming',
      async (request) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const name = String(body.name ?? '').trim().slice(0, 100);
        const group = String(body.group ?? '').trim();
        if (name === '' || !(await ctx.read.group(group))) return { redirect: '/admin/plugins/webhooks?error=group' };
        const token = randomBytes(24).toString('base64url');
        await ctx.store.set(`incoming:${token}`, { name, group, token });
        ctx.log.info('incoming webhook created', { name, group, by: request.user?.username });
        return { redirect: '/admin/plugins/webhooks' };
      },
      { auth: 'admin' },
    );

    if (outgoing.length > 0) {
      ctx.action('post.created', async ({ post }) => {
        // Returns once each delivery is recorded (Warble keeps the event until then); sending and retries follow their own clock.
        const body = JSON.stringify({ event: 'post.created', post });
        await Promise.all(outgoing.filter((candidate) => matches(candidate, post)).map((hook) => deliveries.enqueue(hook.url, post.id, body)));
      });
    }
    // Deliveries whose node stopped between attempts are retried by whichever node runs the sweep.
    ctx.schedule('resume-deliveries', { everyMs: resumeAfterMs }, async () => {
      const resumed = await deliveries.resumeOrphans();
      if (resumed > 0) ctx.log.info('resumed webhook deliveries', { resumed });
    });

    ctx.adminPanel(async () => {
      const recent = await deliveries.recent(50);
      const hooks = await incomingHooks();
      return [
        {
          kind: 'table',
          title: 'Incoming webhooks',
          columns: ['Name', 'Group', 'URL'],
          rows: hooks.map((hook) => [hook.name, hook.group, `${ctx.baseUrl}/plugins/webhooks/incoming/${hook.token}`]),
        },
        {
          kind: 'form',
          title: 'New incoming webhook',
          action: '/plugins/webhooks/admin/incoming',
          fields: [
            { name: 'name', label: 'Name' },
            { name: 'group', label: 'Group (slug)' },
          ],
          submit: 'Create',
        },
        { kind: 'table', title: 'Outgoing webhooks', columns: ['URL', 'Group', 'Hashtag'], rows: outgoing.map((hook) => [hook.url, hook.group ?? '', hook.hashtag ?? '']) },
        {
          kind: 'table',
          title: 'Recent deliveries',
          columns: ['When', 'URL', 'Post', 'Attempts', 'Status', 'Last result'],
          rows: recent.map((delivery) => [delivery.at, delivery.url, delivery.postId, String(delivery.attempts), delivery.status, delivery.lastResult]),
        },
      ];
    });
  },
  stop() {
    // Attempts in flight finish; later ones stay recorded and are resumed by the sweep on the next node to run it.
    queue?.stop();
  },
});
