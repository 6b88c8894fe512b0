import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { PaymentsBacklogRepository } from './payments-backlog.repository.js';
import { MetricsTokenGuard } from './metrics-token.guard.js';

@Module({
  controllers: [MetricsController],
  providers: [PaymentsBacklogRepository, MetricsService, MetricsTokenGuard],
})
export class MetricsModule {}
