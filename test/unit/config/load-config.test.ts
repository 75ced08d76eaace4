import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../../server/config/config-error.js';
import { envNameFor, listConfigKeys } from '../../../server/config/env-names.js';
import { loadConfig } from '../../../server/config/load-config.js';
import { configSchema } from '../../../server/config/schema.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const emptyDir = () => tempDir('warble-config-');

function expectConfigError(run: () => unknown, ...fragments: string[]): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    for (const fragment of fragments) expect((error as Error).message).to.include(fragment);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('works with no file and no environment: port 3000, SQLite in ./data', () => {
    const config = loadConfig({ env: {}, cwd: emptyDir() });
    expect(config.port).to.equal(3000);
    expect(config.dataDir).to.equal('./data');
    expect(config.database.url).to.equal('');
    expect(config.redis.url).to.equal('');
    expect(config.auth.local.enabled).to.equal(true);
  });

  it('keeps publicUrl without a trailing slash, so every link joins it the same way', () => {
    expect(loadConfig({ env: { WARBLE_PUBLIC_URL: 'https://warble.example.com//' }, cwd: emptyDir() }).publicUrl).to.equal('https://warble.example.com');
    expect(loadConfig({ env: {}, cwd: emptyDir() }).publicUrl).to.equal('');
  });

  it('derives an environment twin for every key from its path', () => {
    expect(envNameFor(['ldap', 'bindDn'])).to.equal('WARBLE_LDAP_BIND_DN');
    expect(envNameFor(['database', 'url'])).to.equal('WARBLE_DATABASE_URL');
    const names = listConfigKeys(configSchema).map((key) => key.envName);
    for (const required of [
      'WARBLE_PORT',
      'WARBLE_HOST',
      'WARBLE_DATA_DIR',
      'WARBLE_DATABASE_URL',
      'WARBLE_REDIS_URL',
      'WARBLE_PUBLIC_URL',
      'WARBLE_SESSION_SECRET',
      'WARBLE_LOG_LEVEL',
      'WARBLE_LDAP_BIND_DN',
    ]) {
      expect(names).to.include(required);
    }
  });

  it('reads the YAML file, and the environment wins over it', () => {
    const dir = emptyDir();
    writeFileSync(path.join(dir, 'warble.yaml'), 'port: 4000\nhost: 0.0.0.0\ndatabase:\n  poolMax: 7\n');
    const env = { WARBLE_CONFIG: 'warble.yaml', WARBLE_HOST: '::1' };
    const config = loadConfig({ env, cwd: dir });
    expect(config.port).to.equal(4000);
    expect(config.database.poolMax).to.equal(7);
    expect(config.host).to.equal('::1');
  });

  it('picks up config/warble.yaml when present and no WARBLE_CONFIG is given', () => {
    const dir = emptyDir();
    const configDir = path.join(dir, 'config');
    mkdirSync(configDir);
    writeFileSync(path.join(configDir, 'warble.yaml'), 'instance:\n  name: Acme Stream\n');
    expect(loadConfig({ env: {}, cwd: dir }).instance.name).to.equal('Acme Stream');
  });

  it('coerces environment strings: numbers, booleans and lists', () => {
    const config = loadConfig({
      env: { WARBLE_PORT: '8080', WARBLE_TRUST_PROXY: 'yes', WARBLE_LDAP_URL: 'ldap://a:389, ldaps://b:636' },
      cwd: emptyDir(),
    });
    expect(config.port).to.equal(8080);
    expect(config.trustProxy).to.equal(true);
    expect(config.ldap.url).to.deep.equal(['ldap://a:389', 'ldaps://b:636']);
  });

  it('WARBLE_PORT=abc names the key and its environment variable', () => {
    const error = expectConfigError(() => loadConfig({ env: { WARBLE_PORT: 'abc' }, cwd: emptyDir() }), 'port (WARBLE_PORT)');
    expect(error.problems).to.have.length(1);
  });

  it('an out-of-range port, a bad log level and a bad URL are each named', () => {
    expectConfigError(() => loadConfig({ env: { WARBLE_PORT: '70000' }, cwd: emptyDir() }), 'port (WARBLE_PORT)');
    expectConfigError(() => loadConfig({ env: { WARBLE_LOG_LEVEL: 'loud' }, cwd: emptyDir() }), 'logLevel (WARBLE_LOG_LEVEL)');
    expectConfigError(
      () => loadConfig({ env: { WARBLE_REDIS_URL: 'http://x' }, cwd: emptyDir() }),
      'redis.url (WARBLE_REDIS_URL)',
    );
    expectConfigError(() => loadConfig({ env: { WARBLE_TRUST_PROXY: 'perhaps' }, cwd: emptyDir() }), 'trustProxy');
  });

  it('a broken YAML file is refused with the file and line', () => {
    const dir = emptyDir();
    writeFileSync(path.join(dir, 'broken.yaml'), 'port: 3000\nldap:\n  url: [unclosed\n');
    expectConfigError(() => loadConfig({ env: { WARBLE_CONFIG: 'broken.yaml' }, cwd: dir }), 'broken.yaml', 'invalid YAML', 'line');
  });

  it('a misspelt key in the file is refused instead of silently ignored', () => {
    const dir = emptyDir();
    writeFileSync(path.join(dir, 'typo.yaml'), 'prot: 3000\n');
    expectConfigError(() => loadConfig({ env: { WARBLE_CONFIG: 'typo.yaml' }, cwd: dir }), 'prot');
  });

  it('a missing WARBLE_CONFIG file is refused by name', () => {
    expectConfigError(() => loadConfig({ env: { WARBLE_CONFIG: 'nope.yaml' }, cwd: emptyDir() }), 'WARBLE_CONFIG', 'nope.yaml');
  });
});
