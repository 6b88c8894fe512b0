import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module.js';
import { EarningsController } from './earnings.controller.js';
import { EarningsRepository } from './earnings.repository.js';
import { EarningsService } from './earnings.service.js';
import { EarningsTransitions } from './earnings.transitions.js';
import { EarningsWorker } from './earnings.worker.js';

/** Professionals' earnings per completed job: recorded on completion, held, released, voided. */
@Module({
  imports: [LedgerModule],
  controllers: [EarningsController],
  providers: [EarningsRepository, EarningsTransitions, EarningsService, EarningsWorker],
  exports: [EarningsService, EarningsWorker],
})
export class EarningsModule {}
