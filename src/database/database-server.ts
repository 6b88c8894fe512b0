import type { AppConfig } from '../config/configuration.js';
import { EmbeddedPostgresServer } from './embedded-postgres.js';

export const EMBEDDED_DATA_DIR = '.data/postgres';

export interface DatabaseServer {
  /** The configuration with `database.url` resolved. */
  config: AppConfig;
  describe(): string;
  stop(): Promise<void>;
}

/** With DATABASE_URL, that server; without it, an embedded PostgreSQL in `.data/postgres`. */
export async function openDatabaseServer(config: AppConfig): Promise<DatabaseServer> {
  if (!config.database.embedded) {
    return { config, describe: () => 'PostgreSQL from DATABASE_URL', stop: async () => undefined };
  }
  const server = new EmbeddedPostgresServer({
    dataDir: EMBEDDED_DATA_DIR,
    port: config.database.embeddedPort,
  });
  const url = await server.start();
  return {
    config: { ...config, database: { ...config.database, url } },
    describe: () => server.describe(),
    stop: () => server.stop(),
  };
}
