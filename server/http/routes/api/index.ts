/** Every router of the REST API (/api/v1, /api/v2) and OAuth, in one list app.ts mounts. */
import type Router from '@koa/router';
import type { Container } from '../../../container.js';
import type { AppState } from '../../context.js';
import { conversationRoutes } from './conversations.js';
import { followRoutes } from './follows.js';
import { groupRoutes } from './groups.js';
import { markerRoutes } from './markers.js';
import { announcementRoutes } from './announcements.js';
import { notificationRoutes } from './notifications.js';
import { tagRoutes } from './tags.js';
import { trendRoutes } from './trends.js';
import { timelineRoutes } from './timelines.js';
import { oauthAuthorizeRoutes } from '../oauth/authorize.js';
import { oauthTokenRoutes } from '../oauth/token.js';
import { accountRoutes } from './accounts.js';
import { appRoutes } from './apps.js';
import { instanceRoutes } from './instance.js';
import { mediaFileRoutes } from '../media-files.js';
import { mediaRoutes } from './media.js';
import { statusActionRoutes } from './statuses-actions.js';
import { statusRoutes } from './statuses.js';
import { searchRoutes } from './search.js';

export function apiRouters(deps: Container): Array<Router<AppState>> {
  return [
    // Before accountRoutes: `/accounts/relationships` must not be read as an account id.
    followRoutes(deps),
    tagRoutes(deps),
    trendRoutes(deps),
    groupRoutes(deps),
    conversationRoutes(deps),
    notificationRoutes(deps),
    markerRoutes(deps),
    announcementRoutes(deps),
    timelineRoutes(deps),
    statusRoutes(deps),
    statusActionRoutes(deps),
    mediaRoutes(deps),
    searchRoutes(deps),
    // Not under /api, but served to the same signed-in people by the same rules as the statuses that carry them.
    mediaFileRoutes(deps),
    appRoutes(deps.apiAuth),
    accountRoutes({ ...deps, accountUpdate: deps.apiAuth.accountUpdate }),
    instanceRoutes(deps),
    oauthAuthorizeRoutes({ ...deps, ...deps.apiAuth }),
    oauthTokenRoutes(deps.apiAuth),
  ];
}
