import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../../config/configuration.js';
import { PaymentsRepository } from '../payments.repository.js';
import { PesapalClient } from './pesapal-client.js';
import { PesapalConnection } from './pesapal-connection.js';

const NOTIFICATION_TYPE = 'POST';

/**
 * The ipn_id PesaPal gave our webhook URL. Registered once per (PesaPal base URL, webhook URL) and kept
 * in the database, so restarts and other instances reuse it; an existing registration found in
 * GetIpnList is adopted instead of registering the same URL again.
 */
@Injectable()
export class IpnRegistry {
  private readonly logger = new Logger(IpnRegistry.name);
  private readonly ipnUrl: string;
  private cached?: Promise<string>;

  constructor(
    private readonly repository: PaymentsRepository,
    private readonly client: PesapalClient,
    private readonly connection: PesapalConnection,
    config: ConfigService<AppConfig, true>,
  ) {
    this.ipnUrl = config.get('pesapal', { infer: true }).ipnUrl;
  }

  ipnId(): Promise<string> {
    this.cached ??= this.resolve().catch((error: unknown) => {
      this.cached = undefined;
      throw error;
    });
    return this.cached;
  }

  /** PesaPal no longer knows our ipn_id (another account, or a reset emulator): forget it and register anew. */
  async forget(): Promise<void> {
    this.cached = undefined;
    await this.repository.deleteIpnRegistration(this.connection.baseUrl, this.ipnUrl);
  }

  private async resolve(): Promise<string> {
    const stored = await this.repository.findIpnRegistration(this.connection.baseUrl, this.ipnUrl);
    if (stored) return stored;

    const existing = (await this.client.listIpns()).find((ipn) => ipn.url === this.ipnUrl);
    const ipnId = existing?.ipnId ?? (await this.client.registerIpn(this.ipnUrl, NOTIFICATION_TYPE));
    if (!existing) this.logger.log({ ipnUrl: this.ipnUrl, ipnId }, 'Registered our IPN URL with PesaPal');
    // Another instance may have stored one meanwhile: keep the first, use whatever is stored.
    await this.repository.insertIpnRegistration(
      this.connection.baseUrl,
      this.ipnUrl,
      ipnId,
      NOTIFICATION_TYPE,
    );
    return (await this.repository.findIpnRegistration(this.connection.baseUrl, this.ipnUrl))!;
  }
}
