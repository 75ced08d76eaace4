/**
 * The world the digest tests share: a Warble pointed at a real SMTP
 * receiver, people with addresses and languages, a group, and helpers that
 * post, mention and message through the real posting services (so
 * notifications and conversations are exactly what people get).
 */
import type { UserModel } from '../../../server/db/models/user.js';
import { loadViewerContext } from '../../../server/services/viewer-context-loader.js';
import { createGroup } from '../../helpers/post-fixtures.js';
import { SmtpReceiver } from '../../helpers/smtp-receiver.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

// Plain http: supertest talks to the app without TLS, and https would make its session cookie secure-only.
export const PUBLIC_URL = 'http://warble.example';
export const FROM = 'digest@warble.example';
export const DAY = 86_400_000;

export interface DigestWorld {
  testApp: TestApp;
  receiver: SmtpReceiver;
  person(username: string, options?: { email?: string | null; locale?: string; isAdmin?: boolean; frequency?: 'off' | 'daily' | 'weekly' }): Promise<UserModel>;
  /** Publishes `text` as `author` (a group post when groupId is given; `direct` for a message). Returns the post id. */
  post(author: UserModel, text: string, options?: { groupId?: string; direct?: boolean }): Promise<string>;
  like(user: UserModel, postId: string): Promise<void>;
  group(name: string, visibility: 'public' | 'private', members: UserModel[]): Promise<string>;
  reload(user: UserModel): Promise<UserModel>;
  close(): Promise<void>;
}

export async function startDigestWorld(env: Record<string, string> = {}): Promise<DigestWorld> {
  const receiver = await SmtpReceiver.start();
  let testApp: TestApp;
  try {
    testApp = await startTestApp({
      ...receiver.env(),
      WARBLE_PUBLIC_URL: PUBLIC_URL,
      WARBLE_SMTP_FROM: `Warble Digest <${FROM}>`,
      // Due at any hour, and no background job: each test runs the digest itself.
      WARBLE_DIGEST_HOUR_UTC: '0',
      WARBLE_DIGEST_INTERVAL_MINUTES: '0',
      ...env,
    });
  } catch (error) {
    await receiver.stop();
    throw error;
  }
  const { container } = testApp;
  const viewer = (user: UserModel) => loadViewerContext(container.models, user);
  return {
    testApp,
    receiver,
    async person(username, options = {}) {
      const user = await container.users.create({
        username,
        displayName: username.charAt(0).toUpperCase() + username.slice(1),
        email: options.email === undefined ? `${username}@example.com` : options.email,
        isAdmin: options.isAdmin ?? false,
      });
      if (options.locale) await container.users.setLocale(user.id, options.locale);
      if (options.frequency) await container.models.User.update({ digestFrequency: options.frequency }, { where: { id: user.id } });
      return (await container.users.findById(user.id))!;
    },
    async post(author, text, options = {}) {
      return container.core.posts.create.create(await viewer(author), {
        text,
        ...(options.groupId ? { groupId: options.groupId } : {}),
        ...(options.direct ? { visibility: 'direct' } : {}),
      });
    },
    async like(user, postId) {
      await container.core.posts.likes.like(await viewer(user), postId);
    },
    group: (name, visibility, members) =>
      createGroup(container.models, { name, visibility, members: members.map((member, index) => ({ userId: member.id, role: index === 0 ? 'owner' : 'member' })) }),
    reload: async (user) => (await container.users.findById(user.id))!,
    async close() {
      await testApp.close();
      await receiver.stop();
    },
  };
}

/** Waits long enough for the clock to move past every id already made (windows are millisecond id ranges). */
export const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
