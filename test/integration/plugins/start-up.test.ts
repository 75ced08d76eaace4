import { expect } from 'chai';
import { loadConfig } from '../../../server/config/load-config.js';
import { ConfigError } from '../../../server/config/config-error.js';
import { buildContainer } from '../../../server/container.js';
import { createLogger } from '../../../server/logging/logger.js';
import { createTestDatabase } from '../../helpers/test-database.js';
import { configFile, FAST_HOOKS } from './plugin-world.js';

/** Builds a container with these settings and returns the start-up error (or null). */
async function startUpError(env: Record<string, string>): Promise<Error | null> {
  const database = await createTestDatabase();
  try {
    const config = loadConfig({
      env: { WARBLE_DATA_DIR: database.dataDir, WARBLE_DATABASE_URL: database.url, WARBLE_LOG_LEVEL: 'silent', ...FAST_HOOKS, ...env },
      cwd: database.dataDir,
    });
    const container = await buildContainer(config, createLogger('silent'), { migrate: true, backgroundJobs: false });
    await container.close();
    return null;
  } catch (error) {
    return error as Error;
  } finally {
    await database.drop();
  }
}

describe('plugin start-up checks', () => {
  it('an incompatible plugin API version stops start-up, naming the plugin', async () => {
    const error = await startUpError({ WARBLE_PLUGINS_ENABLED: 'bad-api' });
    expect(error).to.be.instanceOf(ConfigError);
    expect(error?.message).to.match(/^plugin bad-api: incompatible plugin API: needs plugin API 2\.0, this Warble provides 1\.0/);
  });

  it('an invalid manifest stops start-up, naming the plugin', async () => {
    const error = await startUpError({ WARBLE_PLUGINS_ENABLED: 'bad-manifest' });
    expect(error).to.be.instanceOf(ConfigError);
    expect(error?.message).to.match(/^plugin bad-manifest: invalid manifest/);
    expect(error?.message).to.include('name');
    expect(error?.message).to.include('version');
  });

  it('missing or invalid settings stop start-up, naming the plugin and the key', async () => {
    const missing = await startUpError({ WARBLE_PLUGINS_ENABLED: 'needs-settings' });
    expect(missing?.message).to.match(/^plugin needs-settings: invalid settings: plugins\.needs-settings\.endpoint/);
    const invalid = await startUpError({
      WARBLE_CONFIG: configFile({ plugins: { enabled: ['keyword-guard'], 'keyword-guard': { patterns: ['(unclosed'] } } }),
    });
    expect(invalid?.message).to.match(/^plugin keyword-guard: invalid settings: plugins\.keyword-guard\.patterns\.0/);
    expect(invalid?.message).to.include('regular expression');
  });

  it('an enabled plugin that is not installed, or settings for an unknown one, stop start-up', async () => {
    expect((await startUpError({ WARBLE_PLUGINS_ENABLED: 'no-such-plugin' }))?.message).to.match(/^plugin no-such-plugin: enabled/);
    const stray = await startUpError({ WARBLE_CONFIG: configFile({ plugins: { 'keyword-gaurd': { cardNumbers: true } } }) });
    expect(stray?.message).to.equal('plugins.keyword-gaurd: no plugin with id "keyword-gaurd" is installed');
  });

  it("a plugin setting's environment twin is a name a shell can set, and it is read", async () => {
    const url = 'https://tracker.example.com/browse/{key}';
    expect(await startUpError({ WARBLE_PLUGINS_ENABLED: 'ticket-links', WARBLE_PLUGINS_TICKET_LINKS_URL: url })).to.equal(null);
    // A list from the environment is comma-separated, as for Warble's own lists.
    expect(await startUpError({ WARBLE_PLUGINS_ENABLED: 'ticket-links', WARBLE_PLUGINS_TICKET_LINKS_URL: url, WARBLE_PLUGINS_TICKET_LINKS_PROJECTS: 'OPS,DEV' })).to.equal(null);
    const badItem = await startUpError({ WARBLE_PLUGINS_ENABLED: 'ticket-links', WARBLE_PLUGINS_TICKET_LINKS_URL: url, WARBLE_PLUGINS_TICKET_LINKS_PROJECTS: 'OPS,dev' });
    expect(badItem?.message).to.match(/^plugin ticket-links: invalid settings: plugins\.ticket-links\.projects\.1 \(WARBLE_PLUGINS_TICKET_LINKS_PROJECTS\)/);
  });

  it('a refused plugin setting is named by its environment twin, never by a name with a dash', async () => {
    const invalid = await startUpError({ WARBLE_PLUGINS_ENABLED: 'ticket-links', WARBLE_PLUGINS_TICKET_LINKS_URL: 'not an address' });
    expect(invalid?.message).to.match(/^plugin ticket-links: invalid settings: plugins\.ticket-links\.url \(WARBLE_PLUGINS_TICKET_LINKS_URL\)/);
    const missing = await startUpError({ WARBLE_PLUGINS_ENABLED: 'needs-settings' });
    expect(missing?.message).to.include('(WARBLE_PLUGINS_NEEDS_SETTINGS_ENDPOINT)');
    expect(missing?.message).to.not.include('WARBLE_PLUGINS_NEEDS-SETTINGS');
  });

  it('an unknown plugin setting from the environment stops start-up, naming the variable', async () => {
    const stray = await startUpError({
      WARBLE_PLUGINS_ENABLED: 'ticket-links',
      WARBLE_PLUGINS_TICKET_LINKS_URL: 'https://tracker.example.com/browse/{key}',
      WARBLE_PLUGINS_TICKET_LINKS_PROJECT: 'OPS',
    });
    expect(stray?.message).to.include('WARBLE_PLUGINS_TICKET_LINKS_PROJECT');
  });

  it('valid plugins start', async () => {
    expect(await startUpError({ WARBLE_PLUGINS_ENABLED: 'tagger-a,recorder' })).to.equal(null);
  });
});
