import { DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { ProblemDetailsFilter } from './common/filters/problem-details.filter.js';
import { SchedulingModule } from './common/scheduling/scheduling.module.js';
import type { AppConfig } from './config/configuration.js';
import { DatabaseModule } from './database/database.module.js';
import { EventsModule } from './common/events/events.module.js';
import { ClockModule } from './common/clock/clock.module.js';
import { AccountModule } from './modules/account/account.module.js';
import { AdminModule } from './modules/admin/admin.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { CatalogueModule } from './modules/catalogue/catalogue.module.js';
import { FinanceModule } from './modules/finance/finance.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { InstitutionsModule } from './modules/institutions/institutions.module.js';
import { JobsModule } from './modules/jobs/jobs.module.js';
import { EarningsModule } from './modules/earnings/earnings.module.js';
import { DisputesModule } from './modules/disputes/disputes.module.js';
import { ShiftsModule } from './modules/shifts/shifts.module.js';
import { LedgerModule } from './modules/ledger/ledger.module.js';
import { MailModule } from './modules/mail/mail.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { PaymentsModule } from './modules/payments/payments.module.js';
import { PayoutsModule } from './modules/payouts/payouts.module.js';
import { ProfessionalsModule } from './modules/professionals/professionals.module.js';
import { RatingsModule } from './modules/ratings/ratings.module.js';
import { ReliabilityModule } from './modules/reliability/reliability.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { VerificationModule } from './modules/verification/verification.module.js';

export interface AppModuleOptions {
  /** Extra modules, e.g. routes that only tests mount. */
  imports?: ModuleMetadata['imports'];
  /** Where logs go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, options: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          skipProcessEnv: true,
          load: [() => config],
        }),
        DatabaseModule,
        EventsModule,
        ClockModule,
        HealthModule,
        MetricsModule,
        AuditModule,
        MailModule,
        UsersModule,
        AuthModule,
        AccountModule,
        CatalogueModule,
        NotificationsModule,
        ReliabilityModule,
        ProfessionalsModule,
        InstitutionsModule,
        VerificationModule,
        SchedulingModule,
        JobsModule,
        PaymentsModule,
        LedgerModule,
        EarningsModule,
        PayoutsModule,
        FinanceModule,
        DisputesModule,
        ShiftsModule,
        RatingsModule,
        AdminModule,
        ...(options.imports ?? []),
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
