/**
 * This process's name in outbox claims: host, pid and a random part, so a
 * node restarted with the same pid (containers start at 1) never takes its
 * predecessor's claims for its own.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export function processHolder(): string {
  return `${hostname().slice(0, 60)}:${process.pid}:${randomBytes(4).toString('hex')}`;
}
