import { Module } from '@nestjs/common';
import { ReliabilityAdminController } from './reliability.controller.js';
import { ReliabilityRepository } from './reliability.repository.js';
import { ReliabilityService } from './reliability.service.js';

/**
 * Reliability: owns `reliability_events` and `accept_blocks`. Imports no feature module (jobs and
 * professionals build on it), learning about shifts through domain events.
 */
@Module({
  controllers: [ReliabilityAdminController],
  providers: [ReliabilityRepository, ReliabilityService],
  exports: [ReliabilityService],
})
export class ReliabilityModule {}
