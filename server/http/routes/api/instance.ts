/**
 * GET /api/v1/instance and /api/v2/instance in Mastodon's shapes, so client
 * libraries can discover limits before signing in. Public, like Mastodon's.
 */
import Router from '@koa/router';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { supportedLanguages, type WarbleConfig } from '../../../config/schema.js';
import type { UserRepository } from '../../../db/repositories/user-repository.js';
import { URL_CHARACTER_COST } from '../../../domain/text/length.js';
import { projectRoot } from '../../../paths.js';
import type { AppContext, AppState } from '../../context.js';
import { baseUrlOf } from '../../pagination.js';
import type { InstanceSettings } from '../../../services/instance/instance-settings.js';

/** The Mastodon API level Warble's shapes follow; clients switch features on this. */
export const MASTODON_COMPATIBLE_VERSION = '4.2.0';
const warbleVersion = (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
export const INSTANCE_VERSION = `${MASTODON_COMPATIBLE_VERSION} (compatible; Warble ${warbleVersion})`;
const DEFAULT_MAX_CHARACTERS = 500;

export interface InstanceRouteDeps {
  config: WarbleConfig;
  users: UserRepository;
  /** Name and post length set on /admin/settings, over the config. */
  instanceSettings?: Pick<InstanceSettings, 'current'>;
}

/** The post length limit: `posts.maxLength` when the configuration has it. */
function maxCharacters(config: WarbleConfig): number {
  const posts = (config as { posts?: { maxLength?: unknown } }).posts;
  return typeof posts?.maxLength === 'number' ? posts.maxLength : DEFAULT_MAX_CHARACTERS;
}

function limits(config: WarbleConfig, maxLength?: number) {
  return {
    accounts: { max_featured_tags: 0, max_pinned_statuses: 0 },
    statuses: { max_characters: maxLength ?? maxCharacters(config), max_media_attachments: 4, characters_reserved_per_url: URL_CHARACTER_COST },
    media_attachments: {
      supported_mime_types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
      image_size_limit: 10_485_760,
      image_matrix_limit: 16_777_216,
      video_size_limit: 0,
      video_frame_rate_limit: 0,
      video_matrix_limit: 0,
    },
    polls: { max_options: 0, max_characters_per_option: 0, min_expiration: 0, max_expiration: 0 },
  };
}

export function instanceRoutes(deps: InstanceRouteDeps): Router<AppState> {
  const router = new Router<AppState>();
  const describe = (ctx: AppContext) => {
    const baseUrl = baseUrlOf(ctx, deps.config.publicUrl);
    const name = deps.instanceSettings?.current().name ?? deps.config.instance.name;
    return {
      baseUrl,
      domain: new URL(baseUrl).host,
      streaming: baseUrl.replace(/^http/, 'ws'),
      title: name,
      description: `${name}: the company's own stream.`,
    };
  };

  router.get('/api/v1/instance', async (ctx) => {
    const about = describe(ctx);
    ctx.body = {
      uri: about.domain,
      title: about.title,
      short_description: about.description,
      description: about.description,
      email: '',
      version: INSTANCE_VERSION,
      urls: { streaming_api: about.streaming },
      stats: { user_count: await deps.users.count(), status_count: 0, domain_count: 0 },
      thumbnail: `${about.baseUrl}/assets/icon.svg`,
      languages: [...supportedLanguages],
      registrations: false,
      approval_required: false,
      invites_enabled: false,
      configuration: limits(deps.config, deps.instanceSettings?.current().maxLength),
      contact_account: null,
      rules: [],
    };
  });

  router.get('/api/v2/instance', (ctx) => {
    const about = describe(ctx);
    ctx.body = {
      domain: about.domain,
      title: about.title,
      version: INSTANCE_VERSION,
      source_url: '',
      description: about.description,
      usage: { users: { active_month: 0 } },
      thumbnail: { url: `${about.baseUrl}/assets/icon.svg`, blurhash: null, versions: {} },
      icon: [],
      languages: [...supportedLanguages],
      configuration: {
        urls: { streaming: about.streaming, status: null },
        vapid: { public_key: '' },
        ...limits(deps.config, deps.instanceSettings?.current().maxLength),
        translation: { enabled: false },
      },
      registrations: { enabled: false, approval_required: false, message: null, url: null },
      contact: { email: '', account: null },
      rules: [],
    };
  });
  return router;
}
