import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { TestSamlIdp } from '../../helpers/saml-idp.js';
import { tempDir } from '../../helpers/temp-dirs.js';
import { runWarble } from '../../helpers/warble-process.js';

describe('`warble config check` with SAML', function () {
  this.timeout(60_000);

  it('describes SAML, and names the key of a metadata file that is not IdP metadata', async () => {
    const idp = await TestSamlIdp.start();
    const dir = tempDir('warble-saml-check-');
    const file = path.join(dir, 'idp.xml');
    writeFileSync(file, idp.metadataXml());
    await idp.close();
    const env = { WARBLE_DATA_DIR: dir, WARBLE_PUBLIC_URL: 'https://warble.corp.example', WARBLE_AUTH_SAML_ENABLED: 'true', WARBLE_AUTH_SAML_IDP_METADATA_FILE: file };
    const valid = await runWarble(['config', 'check'], env, dir);
    expect(valid.code, valid.stderr).to.equal(0);
    expect(valid.stdout).to.include(`saml:      SAML enabled (SP https://warble.corp.example/auth/saml/metadata, IdP ${idp.entityId})`);
    writeFileSync(file, '<html/>');
    const broken = await runWarble(['config', 'check'], env, dir);
    expect(broken.code).to.equal(78);
    expect(broken.stderr).to.include('auth.saml.idpMetadataFile: no IDPSSODescriptor');
  });
});
