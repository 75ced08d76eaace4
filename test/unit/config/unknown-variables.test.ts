import { expect } from 'chai';
import { loadConfig } from '../../../server/config/load-config.js';
import { unknownWarbleVariables } from '../../../server/config/unknown-variables.js';
import { tempDir } from '../../helpers/temp-dirs.js';

/** What `warble serve` and `warble config check` warn about, from the environment they were given. */
function unknownIn(env: Record<string, string>) {
  const config = loadConfig({ env, cwd: tempDir('warble-config-') });
  return unknownWarbleVariables(env, config);
}

describe('unknown WARBLE_ variables', () => {
  it('a typo is reported with the closest known variable', () => {
    expect(unknownIn({ WARBLE_SMTP_SECURE: 'tls' })).to.deep.equal([{ name: 'WARBLE_SMTP_SECURE', closest: 'WARBLE_SMTP_SECURITY' }]);
    expect(unknownIn({ WARBLE_DATABSE_URL: 'postgres://x' })).to.deep.equal([{ name: 'WARBLE_DATABSE_URL', closest: 'WARBLE_DATABASE_URL' }]);
  });

  it('every configuration key, WARBLE_CONFIG and test-only variables are not reported', () => {
    expect(
      unknownIn({
        WARBLE_SMTP_SECURITY: 'tls',
        WARBLE_PORT: '3000',
        WARBLE_CONFIG: '',
        WARBLE_TEST_DATABASE: 'postgres',
        WARBLE_TEST_LOG_LEVEL: 'silent',
      }),
    ).to.deep.equal([]);
  });

  it("an enabled plugin's settings are not reported; settings for a plugin that is not enabled are", () => {
    expect(unknownIn({ WARBLE_PLUGINS_ENABLED: 'ticket-links', WARBLE_PLUGINS_TICKET_LINKS_URL: 'https://t.example.com/{key}' })).to.deep.equal([]);
    const stray = unknownIn({ WARBLE_PLUGINS_TICKET_LINKS_URL: 'https://t.example.com/{key}' });
    expect(stray.map((entry) => entry.name)).to.deep.equal(['WARBLE_PLUGINS_TICKET_LINKS_URL']);
  });

  it('names that are not WARBLE_ variables are none of its business', () => {
    expect(unknownIn({ WARBLER: 'x', NODE_ENV: 'production', warble_port: '1' })).to.deep.equal([]);
  });
});
