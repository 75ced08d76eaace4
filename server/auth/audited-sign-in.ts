/**
 * The sign-in use case as the server runs it: rate-limited (shared through
 * Redis when several nodes run), every outcome counted in /metrics and
 * written to the audit log with the address (a limit being reached too),
 * and a successful sign-in told to the rest of Warble (`user.signedIn`).
 */
import type { WarbleConfig } from '../config/schema.js';
import type { UserRepository } from '../db/repositories/user-repository.js';
import type { Logger } from '../logging/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { RedisConnection } from '../realtime/redis-connection.js';
import { redisLimiterFactory } from '../security/redis-limiter.js';
import { SignInLimiter } from '../security/sign-in-limiter.js';
import type { AuditLog } from '../services/audit/audit-log.js';
import type { EventPublisher } from '../services/events.js';
import type { Authenticator } from './authenticator.js';
import { SignInService } from './sign-in.js';

export interface AuditedSignInDeps {
  config: WarbleConfig;
  /** Tried in order; the first that knows the person decides. */
  authenticators: Authenticator[];
  users: UserRepository;
  redis: RedisConnection | null;
  events: EventPublisher;
  audit: AuditLog;
  metrics: Metrics;
  logger: Logger;
}

export function createAuditedSignIn(deps: AuditedSignInDeps): SignInService {
  const { events, audit, metrics } = deps;
  const limiter = new SignInLimiter(deps.config.auth.signInRateLimit, deps.redis ? redisLimiterFactory(deps.redis) : undefined);
  return new SignInService(deps.authenticators, deps.users, limiter, deps.logger, {
    succeeded: (user, attempt) => {
      events.publish('user.signedIn', { userId: user.id });
      return audit.record({ action: 'sign-in.succeeded', actorId: user.id, actorLabel: user.username, address: attempt.address });
    },
    failed: (reason, attempt) => {
      metrics.signInFailures.inc({ reason });
      return audit.record({
        action: 'sign-in.failed',
        actorId: null,
        actorLabel: attempt.login.slice(0, 200),
        address: attempt.address,
        detail: { reason },
      });
    },
    limitReached: (limit, attempt) =>
      audit.record({
        action: 'sign-in.limit-reached',
        actorId: null,
        actorLabel: attempt.login.slice(0, 200),
        address: attempt.address,
        detail: { limit, windowSeconds: deps.config.auth.signInRateLimit.windowSeconds },
      }),
  });
}
