/**
 * The mails that carry account links (an invitation, a password reset):
 * rendered from views/mail/<name>.{html,text}.hbs in the recipient's
 * language and handed to the Mailer. Without smtp.host there is no mailer,
 * and the use cases that need one refuse with E_MAIL_OFF before writing.
 */
import type { Language } from '../../config/schema.js';
import { DomainError } from '../../domain/errors.js';
import type { Translator } from '../../i18n/translator.js';
import type { Mailer } from '../../mail/mailer.js';
import type { MailTemplates } from '../../mail/mail-templates.js';

export interface AccountMailSettings {
  baseUrl: string;
  instanceName: string;
  defaultLanguage: Language;
}

export const mailOff = (field: string) =>
  new DomainError('E_MAIL_OFF', 'Outgoing mail is off: set smtp.host (WARBLE_SMTP_HOST) to send links by mail', 422, field);

export class AccountMail {
  constructor(
    private readonly templates: MailTemplates,
    private readonly translator: Translator,
    private readonly mailer: Mailer | null,
    private readonly settings: () => AccountMailSettings,
  ) {}

  get enabled(): boolean {
    return this.mailer !== null;
  }

  /** Throws E_MAIL_OFF (naming `field`) when no mail can go out: call before writing anything. */
  requireMail(field: string): void {
    if (!this.mailer) throw mailOff(field);
  }

  /** Link to /invite?token=… The token travels in the query, which the access log leaves out (it logs paths). */
  async sendInvitation(to: string, details: { token: string; inviterName: string; displayName: string | null; expiresAt: Date }): Promise<void> {
    const settings = this.settings();
    const link = `${settings.baseUrl}/invite?token=${encodeURIComponent(details.token)}`;
    await this.send('invitation', to, settings.defaultLanguage, 'people.mail.invitation.subject', {
      link,
      inviterName: details.inviterName,
      name: details.displayName ?? '',
      expiresAt: details.expiresAt,
    });
  }

  async sendPasswordReset(to: string, details: { token: string; name: string; language: Language; expiresAt: Date }): Promise<void> {
    const settings = this.settings();
    const link = `${settings.baseUrl}/password/reset?token=${encodeURIComponent(details.token)}`;
    await this.send('password-reset', to, details.language, 'people.mail.passwordReset.subject', { link, name: details.name, expiresAt: details.expiresAt });
  }

  private async send(template: string, to: string, lang: Language, subjectKey: string, context: Record<string, unknown>): Promise<void> {
    if (!this.mailer) throw mailOff('email');
    const { instanceName } = this.settings();
    const body = this.templates.render(template, lang, { ...context, instanceName });
    await this.mailer.send({
      to,
      subject: this.translator.forLanguage(lang)(subjectKey, { instance: instanceName }),
      html: body.html,
      text: body.text,
      // A person-to-system mail: no vacation replies (RFC 3834).
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  }
}
