/**
 * Sign-in limits shared by every node through Redis (rate-limiter-flexible's
 * RateLimiterRedis), so an attacker cannot multiply their attempts by the
 * number of nodes behind the load balancer. While Redis is unavailable each
 * node counts in its own memory instead (the library's insurance limiter):
 * sign-in keeps working and a guesser is still stopped, at worst after
 * (number of nodes) times the attempts.
 */
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RedisConnection } from '../realtime/redis-connection.js';
import type { LimiterFactory } from './sign-in-limiter.js';

export function redisLimiterFactory(redis: RedisConnection): LimiterFactory {
  return (points, duration, prefix) =>
    new RateLimiterRedis({
      storeClient: redis.client,
      useRedisPackage: true,
      // Go to the insurance limiter at once rather than after a command fails.
      rejectIfRedisNotReady: true,
      points,
      duration,
      keyPrefix: `${redis.keyPrefix}${prefix}`,
      insuranceLimiter: new RateLimiterMemory({ points, duration, keyPrefix: prefix }),
    });
}
