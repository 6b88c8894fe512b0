import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { JobAssignmentService } from './job-assignment.service.js';
import { JobDiscoveryService } from './job-discovery.service.js';
import { JobLifecycleWorker } from './job-lifecycle.worker.js';
import { JobsController } from './jobs.controller.js';
import { JobsRepository } from './jobs.repository.js';
import { JobsService } from './jobs.service.js';
import { MyJobsController } from './my-jobs.controller.js';

@Module({
  imports: [UsersModule],
  controllers: [JobsController, MyJobsController],
  providers: [JobsRepository, JobsService, JobDiscoveryService, JobAssignmentService, JobLifecycleWorker],
  exports: [JobsService, JobAssignmentService, JobLifecycleWorker],
})
export class JobsModule {}
