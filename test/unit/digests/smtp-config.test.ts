import { expect } from 'chai';
import { loadConfig } from '../../../server/config/load-config.js';
import { fromAddress, transportOptions } from '../../../server/mail/smtp-mailer.js';
import { tempDir } from '../../helpers/temp-dirs.js';

const load = (env: Record<string, string>) => loadConfig({ env, cwd: tempDir('warble-smtp-') });

describe('smtp configuration', () => {
  it('mail is off by default', () => {
    expect(load({}).smtp.host).to.equal('');
  });

  it('a relay without publicUrl is refused, naming publicUrl (mail links must be absolute)', () => {
    expect(() => load({ WARBLE_SMTP_HOST: 'mail.example.com' })).to.throw(/publicUrl \(WARBLE_PUBLIC_URL\): required when smtp\.host is set/);
    expect(load({ WARBLE_SMTP_HOST: 'mail.example.com', WARBLE_PUBLIC_URL: 'https://warble.example.com' }).smtp.host).to.equal('mail.example.com');
  });

  it('reads every WARBLE_SMTP_* twin', () => {
    const { smtp, digest } = load({
      WARBLE_PUBLIC_URL: 'https://warble.example.com',
      WARBLE_SMTP_HOST: 'mail.example.com',
      WARBLE_SMTP_PORT: '465',
      WARBLE_SMTP_SECURITY: 'tls',
      WARBLE_SMTP_USER: 'warble',
      WARBLE_SMTP_PASSWORD: 's3cret',
      WARBLE_SMTP_FROM: 'Warble <warble@example.com>',
      WARBLE_SMTP_TLS_VERIFY: 'false',
      WARBLE_DIGEST_HOUR_UTC: '6',
      WARBLE_DIGEST_WEEKDAY: '5',
    });
    expect(smtp).to.include({ port: 465, security: 'tls', user: 'warble', password: 's3cret', from: 'Warble <warble@example.com>', tlsVerify: false });
    expect(digest).to.include({ hourUtc: 6, weekday: 5 });
    expect(() => load({ WARBLE_SMTP_SECURITY: 'ssl' })).to.throw(/smtp\.security \(WARBLE_SMTP_SECURITY\)/);
  });

  it('maps the security mode onto implicit TLS, a required STARTTLS or none', () => {
    const base = load({}).smtp;
    expect(transportOptions({ ...base, host: 'm', security: 'tls' })).to.include({ secure: true, requireTLS: false, ignoreTLS: false });
    expect(transportOptions({ ...base, host: 'm', security: 'starttls' })).to.include({ secure: false, requireTLS: true, ignoreTLS: false });
    expect(transportOptions({ ...base, host: 'm', security: 'none' })).to.include({ secure: false, requireTLS: false, ignoreTLS: true });
    expect(transportOptions({ ...base, host: 'm' }).auth).to.equal(undefined);
    expect(() => transportOptions({ ...base, host: 'm', caFile: '/nonexistent/ca.pem' })).to.throw(/smtp\.caFile/);
  });

  it('without smtp.from, mail comes from noreply at the public host, named after the instance', () => {
    const smtp = load({}).smtp;
    expect(fromAddress(smtp, 'Acme "Stream"', 'https://stream.acme.example/')).to.equal('"Acme Stream" <noreply@stream.acme.example>');
    expect(fromAddress({ ...smtp, from: 'IT <it@acme.example>' }, 'Acme', 'https://x.example')).to.equal('IT <it@acme.example>');
  });
});
