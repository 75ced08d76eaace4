/**
 * webhooks: incoming (a secret URL that posts into a group as the bot) and
 * outgoing (new posts of a group or hashtag POSTed to a URL, signed, retried
 * with backoff, listed on /admin/plugins/webhooks).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { definePlugin, type PluginContext, type PluginPost } from '../../server/plugins/api.js';
import { signature } from './signature.js';

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

interface Delivery {
  id: string;
  url: string;
  postId: string;
  attempts: number;
  status: 'pending' | 'delivered' | 'failed';
  lastResult: string;
  at: string;
}

const KEPT_DELIVERIES = 100;
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

/** Set at shutdown: no new attempts start. */
let stopping = false;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

export default definePlugin({
  setup(ctx: PluginContext) {
    const configured = ctx.config.incoming as Incoming[];
    const outgoing = ctx.config.outgoing as Outgoing[];
    const attempts = Number(ctx.config.attempts);
    const retryBaseMs = Number(ctx.config.retryBaseMs);
    const timeoutMs = Number(ctx.config.timeoutMs);
    stopping = false;

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

    const record = async (delivery: Delivery) => {
      await ctx.store.set(`delivery:${delivery.id}`, delivery);
    };

    const prune = async () => {
      const keys = await ctx.store.keys('delivery:');
      for (const key of keys.slice(0, Math.max(0, keys.length - KEPT_DELIVERIES))) await ctx.store.delete(key);
    };

    /** Delivers in the background: the action returns at once, retries follow their own clock. */
    const deliver = async (hook: Outgoing, post: PluginPost) => {
      const body = JSON.stringify({ event: 'post.created', post });
      const delivery: Delivery = {
        id: `${Date.now().toString().padStart(15, '0')}-${randomBytes(4).toString('hex')}`,
        url: hook.url,
        postId: post.id,
        attempts: 0,
        status: 'pending',
        lastResult: '',
        at: new Date().toISOString(),
      };
      for (let attempt = 1; attempt <= attempts && !stopping; attempt += 1) {
        const timestamp = String(Math.floor(Date.now() / 1000));
        delivery.attempts = attempt;
        try {
          const response = await fetch(hook.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'user-agent': 'Warble-Webhooks/1',
              'x-warble-event': 'post.created',
              'x-warble-delivery': delivery.id,
              'x-warble-timestamp': timestamp,
              'x-warble-signature': signature(hook.secret, timestamp, body),
            },
            body,
            signal: AbortSignal.timeout(timeoutMs),
            redirect: 'manual',
          });
          delivery.lastResult = `HTTP ${response.status}`;
          await response.body?.cancel();
          if (response.ok) {
            delivery.status = 'delivered';
            break;
          }
        } catch (error) {
          delivery.lastResult = (error as Error).message;
        }
        if (attempt === attempts) delivery.status = 'failed';
        await record(delivery);
        if (attempt < attempts) await sleep(retryBaseMs * 2 ** (attempt - 1));
      }
      await record(delivery);
      await prune();
      if (delivery.status === 'failed') ctx.log.warn('webhook delivery failed', { url: hook.url, postId: post.id, result: delivery.lastResult });
    };

    if (outgoing.length > 0) {
      ctx.action('post.created', ({ post }) => {
        for (const hook of outgoing.filter((candidate) => matches(candidate, post))) {
          deliver(hook, post).catch((error: unknown) => ctx.log.error('webhook delivery crashed', { error: (error as Error).message }));
        }
      });
    }

    ctx.adminPanel(async () => {
      const deliveries = (await Promise.all((await ctx.store.keys('delivery:')).reverse().slice(0, 50).map((key) => ctx.store.get<Delivery>(key))))
        .filter((delivery): delivery is Delivery => delivery !== undefined);
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
          rows: deliveries.map((delivery) => [delivery.at, delivery.url, delivery.postId, String(delivery.attempts), delivery.status, delivery.lastResult]),
        },
      ];
    });
  },
  stop() {
    // Deliveries in progress finish their current attempt; retries are not resumed after a restart.
    stopping = true;
  },
});
