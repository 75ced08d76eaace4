/**
 * The Lua behind redis-feed-store.ts. Each script runs atomically in Redis,
 * which is what makes a delivery, a read and the end of a rebuild safe
 * against each other across nodes.
 *
 * Keys (P is the installation's redis.keyPrefix + 'feeds:', E the epoch):
 *   P epoch              integer; bumped to invalidate every feed at once
 *   P high               every post at or below it was delivered or checked by a probe
 *   P delivered          sorted set: posts above high already delivered (the newest 10,000)
 *   P merged             set of authors merged on read (not fanned out)
 *   P meta:E:user        hash {floor, fingerprint}; its existence is the feed's
 *   P feed:E:user        sorted set of post ids, all score 0: ordered by id (ULIDs sort as strings)
 *   P building:E:user    how many rebuilds of the feed are running
 *   P build:E:user       ids delivered while they run, merged in by finish
 * Keys are built inside the scripts (one Redis, not a cluster: see docs/architecture.md).
 */

/** ARGV: P, newest post id. */
export const START = `
redis.call('SET', ARGV[1] .. 'epoch', 1, 'NX')
redis.call('SET', ARGV[1] .. 'high', ARGV[2], 'NX')
return redis.call('GET', ARGV[1] .. 'high')
`;

/** ARGV: P, user, below, above, ascending (1/0), count, ttl seconds. */
export const READ = `
local p, user = ARGV[1], ARGV[2]
local epoch = redis.call('GET', p .. 'epoch') or ''
local merged = redis.call('SMEMBERS', p .. 'merged')
local high = redis.call('GET', p .. 'high') or ''
local meta = p .. 'meta:' .. epoch .. ':' .. user
local feed = p .. 'feed:' .. epoch .. ':' .. user
local m = redis.call('HMGET', meta, 'floor', 'fingerprint')
if not m[2] then return {0, merged, high} end
local ttl = tonumber(ARGV[7])
redis.call('EXPIRE', meta, ttl)
redis.call('EXPIRE', feed, ttl)
local max, min = '+', '-'
if ARGV[3] ~= '' then max = '(' .. ARGV[3] end
if ARGV[4] ~= '' then min = '(' .. ARGV[4] end
local ids
if ARGV[5] == '1' then
  ids = redis.call('ZRANGEBYLEX', feed, min, max, 'LIMIT', 0, tonumber(ARGV[6]))
else
  ids = redis.call('ZREVRANGEBYLEX', feed, max, min, 'LIMIT', 0, tonumber(ARGV[6]))
end
return {1, merged, high, m[1], m[2], ids}
`;

/** Keeps the newest \`size\` ids of a feed; the floor rises to the oldest kept (never falls). */
const TRIM = `
local function trim(feed, size, floor)
  local n = redis.call('ZCARD', feed)
  if n <= size then return floor end
  redis.call('ZREMRANGEBYRANK', feed, 0, n - size - 1)
  local oldest = redis.call('ZRANGE', feed, 0, 0)[1]
  if oldest > floor then return oldest end
  return floor
end
`;

/** ARGV: P, post id, author id, feed size, number of recipients, recipients…, followers… */
export const DELIVER = `${TRIM}
local p, post, author, size, nr = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local epoch = redis.call('GET', p .. 'epoch') or ''
local function add(user)
  local meta = p .. 'meta:' .. epoch .. ':' .. user
  if redis.call('EXISTS', meta) == 1 then
    local feed = p .. 'feed:' .. epoch .. ':' .. user
    redis.call('ZADD', feed, 0, post)
    if redis.call('PTTL', feed) < 0 then redis.call('PEXPIRE', feed, math.max(1, redis.call('PTTL', meta))) end
    local floor = redis.call('HGET', meta, 'floor') or ''
    local raised = trim(feed, size, floor)
    if raised ~= floor then redis.call('HSET', meta, 'floor', raised) end
  end
  local building = p .. 'building:' .. epoch .. ':' .. user
  if redis.call('EXISTS', building) == 1 then
    redis.call('ZADD', p .. 'build:' .. epoch .. ':' .. user, 0, post)
    redis.call('EXPIRE', p .. 'build:' .. epoch .. ':' .. user, 120)
  end
end
for i = 6, 5 + nr do add(ARGV[i]) end
if redis.call('SISMEMBER', p .. 'merged', author) == 0 then
  for i = 6 + nr, #ARGV do add(ARGV[i]) end
end
local high = redis.call('GET', p .. 'high') or ''
if post > high then
  redis.call('ZADD', p .. 'delivered', 0, post)
  local n = redis.call('ZCARD', p .. 'delivered')
  if n > 10000 then redis.call('ZREMRANGEBYRANK', p .. 'delivered', 0, n - 10001) end
end
return 1
`;

/** ARGV: P, user. Returns the epoch the rebuild belongs to. */
export const BEGIN_REBUILD = `
local epoch = redis.call('GET', ARGV[1] .. 'epoch') or ''
local building = ARGV[1] .. 'building:' .. epoch .. ':' .. ARGV[2]
redis.call('INCR', building)
redis.call('EXPIRE', building, 120)
return epoch
`;

/** ARGV: P, user, epoch, floor, fingerprint, feed size, ttl seconds, ids… */
export const FINISH_REBUILD = `${TRIM}
local p, user, epoch = ARGV[1], ARGV[2], ARGV[3]
local size, ttl = tonumber(ARGV[6]), tonumber(ARGV[7])
local build = p .. 'build:' .. epoch .. ':' .. user
local feed = p .. 'feed:' .. epoch .. ':' .. user
local meta = p .. 'meta:' .. epoch .. ':' .. user
local building = p .. 'building:' .. epoch .. ':' .. user
for i = 8, #ARGV, 500 do
  local args = {}
  for j = i, math.min(i + 499, #ARGV) do
    args[#args + 1] = 0
    args[#args + 1] = ARGV[j]
  end
  redis.call('ZADD', build, unpack(args))
end
local floor = trim(build, size, ARGV[4])
if redis.call('EXISTS', build) == 1 then
  redis.call('RENAME', build, feed)
  redis.call('EXPIRE', feed, ttl)
else
  redis.call('DEL', feed)
end
redis.call('DEL', meta)
redis.call('HSET', meta, 'floor', floor, 'fingerprint', ARGV[5])
redis.call('EXPIRE', meta, ttl)
if redis.call('DECR', building) <= 0 then redis.call('DEL', building) end
return 1
`;

/** ARGV: P, post id, users… */
export const REMOVE = `
local p, post = ARGV[1], ARGV[2]
local epoch = redis.call('GET', p .. 'epoch') or ''
for i = 3, #ARGV do
  redis.call('ZREM', p .. 'feed:' .. epoch .. ':' .. ARGV[i], post)
  redis.call('ZREM', p .. 'build:' .. epoch .. ':' .. ARGV[i], post)
end
return 1
`;

/** ARGV: P, author ids… Removing an author bumps the epoch: every feed is rebuilt. */
export const SET_MERGED = `
local key = ARGV[1] .. 'merged'
local wanted = {}
for i = 2, #ARGV do wanted[ARGV[i]] = true end
local demoted = false
for _, id in ipairs(redis.call('SMEMBERS', key)) do
  if not wanted[id] then demoted = true end
end
redis.call('DEL', key)
for i = 2, #ARGV do redis.call('SADD', key, ARGV[i]) end
if demoted then redis.call('INCR', ARGV[1] .. 'epoch') end
return 1
`;

/** ARGV: P, user, epoch. */
export const ABANDON_REBUILD = `
local building = ARGV[1] .. 'building:' .. ARGV[3] .. ':' .. ARGV[2]
if redis.call('DECR', building) <= 0 then
  redis.call('DEL', building)
  redis.call('DEL', ARGV[1] .. 'build:' .. ARGV[3] .. ':' .. ARGV[2])
end
return 1
`;

/** ARGV: P, post ids… Returns those above the mark not delivered yet. */
export const UNDELIVERED = `
local high = redis.call('GET', ARGV[1] .. 'high') or ''
local out = {}
for i = 2, #ARGV do
  if ARGV[i] > high and not redis.call('ZSCORE', ARGV[1] .. 'delivered', ARGV[i]) then out[#out + 1] = ARGV[i] end
end
return out
`;

/** ARGV: P, post id. */
export const ADVANCE = `
local high = redis.call('GET', ARGV[1] .. 'high') or ''
if ARGV[2] > high then
  redis.call('SET', ARGV[1] .. 'high', ARGV[2])
  redis.call('ZREMRANGEBYLEX', ARGV[1] .. 'delivered', '-', '[' .. ARGV[2])
end
return 1
`;
