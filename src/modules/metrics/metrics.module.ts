import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { MetricsTokenGuard } from './metrics-token.guard.js';

@Module({
  imports: [PaymentsModule, LedgerModule, AuthModule],
  controllers: [MetricsController],
  providers: [MetricsService, MetricsTokenGuard],
})
export class MetricsModule {}
