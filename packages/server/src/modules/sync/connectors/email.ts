import { hostname } from 'node:os';
import nodemailer from 'nodemailer';

export interface AlertEmail {
  subject: string;
  text: string;
}

/**
 * Sends one plain-text e-mail through the SMTP server of SHOPFLOOR_SMTP_URL: the channel that
 * still reaches people when the database (and so every connector stored in it) does not answer.
 */
export async function sendAlertEmail(
  smtpUrl: string,
  to: readonly string[],
  mail: AlertEmail,
): Promise<void> {
  const url = new URL(smtpUrl);
  // A login that is an address (alerts@factory.com) gives the sender's domain; the host name otherwise.
  const user = decodeURIComponent(url.username);
  const from =
    url.searchParams.get('from') ??
    `Shopfloor <shopfloor@${user.includes('@') ? user.split('@')[1] : hostname()}>`;
  url.searchParams.delete('from');
  // nodemailer reads its options from the URL's query; its defaults wait minutes on a silent server.
  for (const [option, ms] of [
    ['connectionTimeout', '10000'],
    ['greetingTimeout', '10000'],
    ['socketTimeout', '20000'],
  ] as const) {
    if (!url.searchParams.has(option)) url.searchParams.set(option, ms);
  }
  const transport = nodemailer.createTransport(url.toString());
  try {
    await transport.sendMail({ from, to: [...to], subject: mail.subject, text: mail.text });
  } finally {
    transport.close();
  }
}
