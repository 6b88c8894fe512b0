import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module.js';
import { ProfessionalsModule } from '../professionals/professionals.module.js';
import { PayoutDispatcher } from './payout-dispatcher.js';
import { ManualPayoutProvider, PAYOUT_PROVIDER } from './payout-provider.js';
import { PayoutTransitions } from './payout.transitions.js';
import { AdminPayoutsController, ProfessionalPayoutsController } from './payouts.controller.js';
import { PayoutsRepository } from './payouts.repository.js';
import { PayoutsService } from './payouts.service.js';

/**
 * Payouts of professionals' available money to MTN / Airtel mobile money. Money moves in the ledger
 * (LedgerModule); notifications and audit are global modules. The disbursement channel is PAYOUT_PROVIDER:
 * ManualPayoutProvider today (an admin sends the money and records the transaction id); bind an MTN MoMo or
 * Airtel Money implementation of PayoutProvider here to automate it.
 */
@Module({
  imports: [LedgerModule, ProfessionalsModule],
  controllers: [ProfessionalPayoutsController, AdminPayoutsController],
  providers: [
    PayoutsRepository,
    PayoutTransitions,
    PayoutDispatcher,
    PayoutsService,
    { provide: PAYOUT_PROVIDER, useClass: ManualPayoutProvider },
  ],
  exports: [PayoutsService],
})
export class PayoutsModule {}
