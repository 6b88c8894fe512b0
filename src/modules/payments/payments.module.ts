import { Module } from '@nestjs/common';
import { InstitutionsModule } from '../institutions/institutions.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { UsersModule } from '../users/users.module.js';
import { CreditController } from './credit/credit.controller.js';
import { CreditService } from './credit/credit.service.js';
import { PaymentStatusApplier } from './payment-status.applier.js';
import { PaymentTransitions } from './payment.transitions.js';
import { PaymentsController } from './payments.controller.js';
import { PaymentsRepository } from './payments.repository.js';
import { PaymentsService } from './payments.service.js';
import { IpnRegistry } from './pesapal/ipn-registry.js';
import { PesapalClient } from './pesapal/pesapal-client.js';
import { pesapalConnectionProvider } from './pesapal/pesapal-connection.provider.js';
import { PesapalWebhookController } from './pesapal-webhook.controller.js';
import { ReconciliationWorker } from './reconciliation.worker.js';
import { RefundTransitions } from './refund.transitions.js';
import { ReceiptsController } from './receipts/receipts.controller.js';
import { ReceiptsRepository } from './receipts/receipts.repository.js';
import { ReceiptsService } from './receipts/receipts.service.js';
import { RefundsService } from './refunds.service.js';

/**
 * Payments through PesaPal. Builds on the jobs module (it locks a job before its payment and asks the one
 * cancel use case to cancel a refunded job); jobs learns about payments only through domain events.
 */
@Module({
  imports: [UsersModule, InstitutionsModule, JobsModule, LedgerModule],
  controllers: [PaymentsController, PesapalWebhookController, ReceiptsController, CreditController],
  providers: [
    pesapalConnectionProvider,
    PesapalClient,
    IpnRegistry,
    PaymentsRepository,
    PaymentTransitions,
    RefundTransitions,
    PaymentsService,
    PaymentStatusApplier,
    RefundsService,
    ReconciliationWorker,
    ReceiptsRepository,
    ReceiptsService,
    CreditService,
  ],
  exports: [PaymentsService, RefundsService, ReconciliationWorker, PesapalClient],
})
export class PaymentsModule {}
