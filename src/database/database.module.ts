import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../config/configuration.js';
import { DatabasePool } from './database-pool.js';
import { buildDataSourceOptions } from './data-source-options.js';
import { TransactionRunner } from './transaction-runner.js';

/**
 * The connection pool, and TransactionRunner for every module (repositories take the `em` it opens);
 * DatabasePool reports the pool's counters.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) => {
        const { url, poolSize, migrationsRun } = config.get('database', { infer: true });
        if (!url) throw new Error('database.url must be resolved before the app module starts');
        return {
          ...buildDataSourceOptions({ url, poolSize, migrationsRun }),
          retryAttempts: 5,
          retryDelay: 2_000,
        };
      },
    }),
  ],
  providers: [TransactionRunner, DatabasePool],
  exports: [TransactionRunner, DatabasePool],
})
export class DatabaseModule {}
