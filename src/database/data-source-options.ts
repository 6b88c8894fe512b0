import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations.js';

export interface DatabaseConnectionOptions {
  url: string;
  poolSize?: number;
  migrationsRun?: boolean;
}

/** The one description of our database, used by the app (TypeOrmModule) and the TypeORM CLI (ormconfig.ts). */
export function buildDataSourceOptions(options: DatabaseConnectionOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    applicationName: 'qgig',
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    migrationsRun: options.migrationsRun ?? false,
    synchronize: false,
    extra: {
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    },
  };
}
