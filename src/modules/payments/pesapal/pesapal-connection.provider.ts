import { Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../../config/configuration.js';
import { startPesapalEmulator, type RunningPesapalEmulator } from '../../../pesapal-emulator/emulator.js';
import { PesapalConnection } from './pesapal-connection.js';

/** The connection in use, and the in-process emulator when we started one. */
class ResolvedPesapalConnection extends PesapalConnection implements OnApplicationShutdown {
  constructor(
    readonly baseUrl: string,
    readonly consumerKey: string,
    readonly consumerSecret: string,
    readonly timeoutMs: number,
    private readonly emulator?: RunningPesapalEmulator,
  ) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.emulator?.close();
  }
}

/**
 * PESAPAL_ENV=emulator without PESAPAL_BASE_URL starts the project's PesaPal emulator in this process on
 * PESAPAL_EMULATOR_PORT, so payments work offline; otherwise the client talks to the configured URL.
 */
export const pesapalConnectionProvider: Provider = {
  provide: PesapalConnection,
  inject: [ConfigService],
  useFactory: async (config: ConfigService<AppConfig, true>): Promise<PesapalConnection> => {
    const pesapal = config.get('pesapal', { infer: true });
    const logger = new Logger('PesapalConnection');
    let baseUrl = pesapal.baseUrl;
    let emulator: RunningPesapalEmulator | undefined;
    if (!baseUrl) {
      emulator = await startPesapalEmulator({ port: pesapal.emulatorPort, host: '127.0.0.1' });
      baseUrl = emulator.baseUrl;
      logger.log(`PesaPal emulator started at ${baseUrl} (hosted payment page included)`);
      if (config.get('env', { infer: true }) === 'production') {
        logger.warn('PESAPAL_ENV=emulator in production: no real money can be collected');
      }
    } else {
      logger.log(`PesaPal ${pesapal.env} at ${baseUrl}`);
    }
    return new ResolvedPesapalConnection(
      baseUrl,
      pesapal.consumerKey,
      pesapal.consumerSecret,
      pesapal.timeoutMs,
      emulator,
    );
  },
};
