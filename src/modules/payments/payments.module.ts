import { Global, Module } from '@nestjs/common';
import { PaidJobRefunds } from '../jobs/paid-job-refunds.js';
import { UsersModule } from '../users/users.module.js';
import { PaymentStatusApplier } from './payment-status.applier.js';
import { PaymentsController } from './payments.controller.js';
import { PaymentsService } from './payments.service.js';
import { IpnRegistry } from './pesapal/ipn-registry.js';
import { PesapalClient } from './pesapal/pesapal-client.js';
import { pesapalConnectionProvider } from './pesapal/pesapal-connection.provider.js';
import { PesapalWebhookController } from './pesapal-webhook.controller.js';
import { ReconciliationWorker } from './reconciliation.worker.js';
import { RefundsService } from './refunds.service.js';

/** Global only to hand PaidJobRefunds to the jobs module (which Payments itself builds on). */
@Global()
@Module({
  imports: [UsersModule],
  controllers: [PaymentsController, PesapalWebhookController],
  providers: [
    pesapalConnectionProvider,
    PesapalClient,
    IpnRegistry,
    PaymentsService,
    PaymentStatusApplier,
    RefundsService,
    ReconciliationWorker,
    { provide: PaidJobRefunds, useExisting: RefundsService },
  ],
  exports: [PaidJobRefunds, ReconciliationWorker, PesapalClient],
})
export class PaymentsModule {}
