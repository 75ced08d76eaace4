import { expect } from 'chai';
import { DomainError } from '../../../server/domain/errors.js';
import { checkedPreferences, formatMutedTypes, parseMutedTypes } from '../../../server/domain/notification-preferences.js';

describe('notification preferences', () => {
  it('mutes every type whose box was left unchecked', () => {
    expect(checkedPreferences({ digest: 'weekly', notify: ['mention', 'reply'] })).to.deep.equal({
      digestFrequency: 'weekly',
      mutedNotificationTypes: ['repost', 'like', 'follow', 'group_invite', 'group_join_request', 'saved_search'],
    });
    expect(checkedPreferences({ digest: 'off', notify: [] }).mutedNotificationTypes).to.have.length(8);
  });

  it('refuses an unknown digest frequency or notification type on its field', () => {
    const fieldOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof DomainError ? [error.code, error.field] : error;
      }
      return null;
    };
    expect(fieldOf(() => checkedPreferences({ digest: 'hourly', notify: [] }))).to.deep.equal(['E_VALIDATION', 'digest']);
    expect(fieldOf(() => checkedPreferences({ digest: 'daily', notify: ['poll'] }))).to.deep.equal(['E_VALIDATION', 'notify']);
  });

  it('stores muted types once each in a stable order, and reads back only known ones', () => {
    expect(formatMutedTypes(['like', 'mention', 'like'])).to.equal('mention,like');
    expect(formatMutedTypes([])).to.equal('');
    expect(parseMutedTypes('')).to.deep.equal([]);
    expect(parseMutedTypes('like,retired_type,follow')).to.deep.equal(['like', 'follow']);
  });
});
