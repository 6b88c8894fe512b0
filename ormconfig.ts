import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './src/database/data-source-options.js';
import { embeddedDatabaseUrl } from './src/database/embedded-postgres.js';

/**
 * The DataSource of the TypeORM CLI (`npm run migration:*`). Same options as the app. Without
 * DATABASE_URL it points at the embedded server, which scripts/typeorm.ts starts when needed.
 */
export default new DataSource(
  buildDataSourceOptions({
    url: process.env.DATABASE_URL || embeddedDatabaseUrl(Number(process.env.EMBEDDED_PG_PORT || 54329)),
  }),
);
