/** A Warble with mail going to a real SMTP receiver, an administrator and a member: the start of the people tests. */
import { SmtpReceiver, type ReceivedMail } from '../../helpers/smtp-receiver.js';
import { seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';

export const PUBLIC_URL = 'http://warble.example';

export interface PeopleWorld {
  testApp: TestApp;
  receiver: SmtpReceiver;
  close(): Promise<void>;
}

export async function startPeopleWorld(env: Record<string, string> = {}): Promise<PeopleWorld> {
  const receiver = await SmtpReceiver.start();
  const testApp = await startTestApp({ ...receiver.env(), WARBLE_PUBLIC_URL: PUBLIC_URL, ...env });
  await seedPeople(testApp);
  return {
    testApp,
    receiver,
    close: async () => {
      await testApp.close();
      await receiver.stop();
    },
  };
}

/** The mails to `address` once there are at least `count` (mail may leave after the answer). */
export async function mailsTo(receiver: SmtpReceiver, address: string, count = 1, timeoutMs = 5000): Promise<ReceivedMail[]> {
  const deadline = Date.now() + timeoutMs;
  while (receiver.to(address).length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} mail(s) to ${address}, got ${receiver.to(address).length}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return receiver.to(address);
}

/** The link a mail carries (both parts must carry it), as a path and query on the test app. */
export function linkIn(mail: ReceivedMail, path: string): string {
  const pattern = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}(${path}\\?token=[A-Za-z0-9_%-]+)`);
  const inText = pattern.exec(mail.parsed.text ?? '')?.[1];
  // As a browser reads the attribute: Handlebars writes = as &#x3D;.
  const html = (typeof mail.parsed.html === 'string' ? mail.parsed.html : '').replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  const inHtml = pattern.exec(html)?.[1];
  if (!inText || inText !== inHtml) throw new Error(`no ${path} link in both parts of the mail`);
  return inText;
}

export const tokenOf = (link: string) => decodeURIComponent(new URL(link, PUBLIC_URL).searchParams.get('token') ?? '');
