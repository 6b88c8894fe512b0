import { Module } from '@nestjs/common';
import { EarningsModule } from '../earnings/earnings.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { ReliabilityModule } from '../reliability/reliability.module.js';
import { DisputeResolutionService } from './dispute-resolution.service.js';
import { DisputeTransitions } from './dispute.transitions.js';
import { DisputesController } from './disputes.controller.js';
import { DisputesRepository } from './disputes.repository.js';
import { DisputesService } from './disputes.service.js';

/**
 * Disputes about paid or recently completed jobs, resolved by an admin. Builds on jobs, earnings and
 * payments (it calls their services in its transaction). The shifts module opens disputes about timesheets
 * through DisputesService.openIn.
 */
@Module({
  imports: [JobsModule, EarningsModule, PaymentsModule, ReliabilityModule],
  controllers: [DisputesController],
  providers: [DisputesRepository, DisputeTransitions, DisputesService, DisputeResolutionService],
  exports: [DisputesService],
})
export class DisputesModule {}
