import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../config/configuration.js';
import { MAIL_TRANSPORT } from './mail.constants.js';
import { MailService } from './mail.service.js';
import { logTransport, smtpTransport } from './mail-transport.js';
import { OutboxMailTransitions } from './outbox-mail.transitions.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxWorker } from './outbox.worker.js';

@Global()
@Module({
  providers: [
    OutboxRepository,
    OutboxMailTransitions,
    MailService,
    OutboxWorker,
    {
      provide: MAIL_TRANSPORT,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => {
        const { smtpUrl, from } = config.get('mail', { infer: true });
        return smtpUrl ? smtpTransport(smtpUrl, from) : logTransport();
      },
    },
  ],
  exports: [MailService, OutboxWorker],
})
export class MailModule {}
