/** The configured Mailer, or null when smtp.host is empty (mail off): one place decides, for digests and account mail alike. */
import type { WarbleConfig } from '../config/schema.js';
import type { Mailer } from './mailer.js';
import { fromAddress, SmtpMailer } from './smtp-mailer.js';

export function createMailer(config: WarbleConfig, instanceName: string): Mailer | null {
  return config.smtp.host === '' ? null : new SmtpMailer(config.smtp, fromAddress(config.smtp, instanceName, config.publicUrl));
}
