/**
 * A small company for the announcement tests: an administrator, HR (the
 * communications role), two members of a private "Sales" group and one
 * colleague outside it, each with an API token.
 */
import type { Container } from '../../../server/container.js';
import { createGroup } from '../../helpers/post-fixtures.js';

export interface Colleague {
  id: string;
  username: string;
  password: string;
  token: string;
}

export interface AnnouncementWorld {
  admin: Colleague;
  hr: Colleague;
  bob: Colleague;
  carol: Colleague;
  eve: Colleague;
  salesId: string;
}

export async function colleague(container: Container, username: string, roles: { isAdmin?: boolean; isCommunicator?: boolean } = {}): Promise<Colleague> {
  const password = `${username} secret words`;
  const user = await container.localUsers.create({ username, displayName: username.toUpperCase(), password, isAdmin: roles.isAdmin === true });
  if (roles.isCommunicator) await user.update({ isCommunicator: true });
  const { token } = await container.tokens.issue({ kind: 'personal', userId: user.id, appId: null, scopes: ['read', 'write', 'follow'] });
  return { id: user.id, username, password, token };
}

export async function announcementWorld(container: Container): Promise<AnnouncementWorld> {
  const admin = await colleague(container, 'ada', { isAdmin: true });
  const hr = await colleague(container, 'hanna', { isCommunicator: true });
  const bob = await colleague(container, 'bob');
  const carol = await colleague(container, 'carol');
  const eve = await colleague(container, 'eve');
  const salesId = await createGroup(container.models, {
    name: 'Sales',
    visibility: 'private',
    members: [{ userId: hr.id, role: 'owner' }, { userId: bob.id }, { userId: carol.id }],
  });
  return { admin, hr, bob, carol, eve, salesId };
}
