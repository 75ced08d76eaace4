/**
 * A person creates a personal access token on the settings page: a label and
 * the scopes it may use. The plain token is returned once, for the page to
 * show; only its hash is kept.
 */
import type { UserModel } from '../db/models/user.js';
import type { TokenService } from '../auth/token-service.js';
import { validationError } from '../domain/errors.js';
import { KNOWN_SCOPES } from '../domain/scopes.js';

export interface PersonalTokenDraft {
  name: string;
  scopes: readonly string[];
}

export class PersonalTokenCreateService {
  constructor(private readonly tokens: TokenService) {}

  async create(owner: UserModel, draft: PersonalTokenDraft): Promise<{ token: string; id: string }> {
    const name = draft.name.trim();
    if (name === '' || name.length > 100) throw validationError('name', 'Give the token a name of at most 100 characters');
    const scopes = [...new Set(draft.scopes)];
    if (scopes.length === 0 || scopes.some((scope) => !KNOWN_SCOPES.has(scope))) {
      throw validationError('scopes', 'Choose at least one scope');
    }
    const issued = await this.tokens.issue({ kind: 'personal', userId: owner.id, appId: null, name, scopes });
    return { token: issued.token, id: issued.record.id };
  }
}
