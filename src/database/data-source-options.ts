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
      // JIT compiles a plan again on every execution once its estimated cost passes jit_above_cost. Short
      // reads with a parameterised LIMIT are estimated far above what they do (job candidates' cached plan:
      // ~270,000 estimated for ~1 ms of work), and the compilation then costs 100–600 ms per request.
      options: '-c jit=off',
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    },
  };
}
