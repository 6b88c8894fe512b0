import { Logger } from '@nestjs/common';
import nodemailer from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Delivers over SMTP (SMTP_URL). Timeouts keep one dead server from stalling the outbox. */
export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(smtpUrl, { from });
  Object.assign(transporter.options, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    send: async (mail) => {
      await transporter.sendMail(mail);
    },
    close: () => transporter.close(),
  };
}

/** Without SMTP_URL (development): the message, links included, goes to the log instead. */
export function logTransport(): MailTransport {
  const logger = new Logger('MailLog');
  return {
    send: async (mail) => {
      logger.log(`Mail to ${mail.to} (no SMTP_URL set, not sent): ${mail.subject}\n${mail.text}`);
    },
    close: () => undefined,
  };
}
