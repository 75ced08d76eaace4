import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTranslator, mergeCatalogue } from '../../../server/i18n/translator.js';
import { viewsDir } from '../../../server/paths.js';

function templates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? templates(file) : entry.name.endsWith('.hbs') ? [file] : [];
  });
}

/** Plural keys (`count_one`, `count_other`) are used in templates by their base name. */
const baseKey = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

describe('translations', () => {
  it('English and French have exactly the same keys', async () => {
    const translator = await createTranslator();
    expect(translator.keys('fr').sort()).to.deep.equal(translator.keys('en').sort());
  });

  it('every {{t "key"}} used in a template exists in both languages', async () => {
    const translator = await createTranslator();
    const known = new Set(translator.keys('en').map(baseKey));
    const used = templates(viewsDir).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\{\{t "([^"]+)"/g)].map((match) => ({ key: match[1]!, file })),
    );
    expect(used.length).to.be.greaterThan(10);
    const missing = used.filter(({ key }) => !known.has(key)).map(({ key, file }) => `${key} in ${path.basename(file)}`);
    expect(missing).to.deep.equal([]);
  });

  it('French strings are translated, not copies of the English', async () => {
    const translator = await createTranslator();
    const en = translator.forLanguage('en');
    const fr = translator.forLanguage('fr');
    expect(fr('login.submit')).to.equal('Se connecter');
    expect(fr('admin.users.count', { count: 2 })).to.equal('2 comptes');
    expect(en('admin.users.count', { count: 1 })).to.equal('1 account');
  });

  it('a feature catalogue merges into the main one, and a key defined twice names its file', () => {
    const main = { login: { submit: 'Sign in' } };
    mergeCatalogue(main, { login: { sso: 'Sign in with Contoso' }, sso: { title: 'Single sign-on' } }, 'en/sso.json');
    expect(main).to.deep.equal({ login: { submit: 'Sign in', sso: 'Sign in with Contoso' }, sso: { title: 'Single sign-on' } });
    expect(() => mergeCatalogue(main, { login: { submit: 'Log in' } }, 'en/other.json')).to.throw(
      'en/other.json: translation key login.submit is already defined',
    );
  });
});
