/**
 * Sign-in limits shared by every node through Redis (rate-limiter-flexible's
 * RateLimiterRedis), so an attacker cannot multiply their attempts by the
 * number of nodes behind the load balancer.
 */
import { RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RedisConnection } from '../realtime/redis-connection.js';

export function redisLimiterFactory(redis: RedisConnection): (points: number, duration: number, prefix: string) => RateLimiterAbstract {
  return (points, duration, prefix) =>
    new RateLimiterRedis({
      storeClient: redis.client,
      useRedisPackage: true,
      points,
      duration,
      keyPrefix: `${redis.keyPrefix}${prefix}`,
    });
}
