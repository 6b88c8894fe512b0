import { Module } from '@nestjs/common';
import { InstitutionsModule } from '../institutions/institutions.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { ProfessionalsModule } from '../professionals/professionals.module.js';
import { ReliabilityModule } from '../reliability/reliability.module.js';
import { UsersModule } from '../users/users.module.js';
import { JobAssignmentService } from './job-assignment.service.js';
import { JobCancellationService } from './job-cancellation.service.js';
import { JobDiscoveryRepository } from './job-discovery.repository.js';
import { JobDiscoveryService } from './job-discovery.service.js';
import { JobLifecycleWorker } from './job-lifecycle.worker.js';
import { JobPaymentReactions } from './job-payment-reactions.js';
import { JobTransitions } from './job.transitions.js';
import { JobsController } from './jobs.controller.js';
import { JobsRepository } from './jobs.repository.js';
import { JobsService } from './jobs.service.js';
import { MyJobsController } from './my-jobs.controller.js';

/**
 * Jobs: posting, discovery, acceptance, the job lifecycle. Depends on no module that depends on it: the
 * payments module builds on this one, and this one learns about payments only through domain events.
 */
@Module({
  imports: [UsersModule, InstitutionsModule, ProfessionalsModule, LedgerModule, ReliabilityModule],
  controllers: [JobsController, MyJobsController],
  providers: [
    JobsRepository,
    JobDiscoveryRepository,
    JobTransitions,
    JobsService,
    JobDiscoveryService,
    JobAssignmentService,
    JobCancellationService,
    JobPaymentReactions,
    JobLifecycleWorker,
  ],
  exports: [JobsService, JobAssignmentService, JobCancellationService, JobLifecycleWorker],
})
export class JobsModule {}
