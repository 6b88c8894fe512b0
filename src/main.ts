import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { ConfigValidationError, loadConfig } from './config/configuration.js';
import { withDevelopmentSecrets } from './config/development-secrets.js';
import { openDatabaseServer } from './database/database-server.js';

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(withDevelopmentSecrets(process.env));
  // Loaded only once the configuration is sound, so a misconfigured start fails in a moment.
  const { createApp } = await import('./app.factory.js');
  const database = await openDatabaseServer(config);
  const app = await createApp(database.config).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  const logger = new Logger('Bootstrap');

  let closing = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: finishing in-flight requests, then stopping`);
    const deadline = setTimeout(() => {
      logger.error(`Shutdown took longer than ${config.http.shutdownTimeoutMs} ms; exiting anyway`);
      process.exit(1);
    }, config.http.shutdownTimeoutMs);
    deadline.unref();
    await app.close();
    await database.stop();
    logger.log('Stopped cleanly');
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));

  // A burst of new connections waits in the kernel's accept queue instead of being dropped and retried by
  // the client seconds later (Node's default is 511; the kernel caps it at net.core.somaxconn).
  await app.listen({ port: config.http.port, host: config.http.host, backlog: 4096 });
  logger.log(
    `Qgig API listening on ${await app.getUrl()} (docs at /docs) in ${config.env} mode, using ${database.describe()}`,
  );
}

main().catch((error: unknown) => {
  // One clear line for configuration mistakes; the stack only for real crashes.
  const message =
    error instanceof ConfigValidationError ? error.message : ((error as Error)?.stack ?? String(error));
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
