import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../config/configuration.js';
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
    @InjectDataSource() private readonly dataSource: DataSource,
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
    await this.dataSource.query(
      `DELETE FROM pesapal_ipn_registrations WHERE api_base_url = $1 AND ipn_url = $2`,
      [this.connection.baseUrl, this.ipnUrl],
    );
  }

  private async resolve(): Promise<string> {
    const [stored] = await this.dataSource.query<{ ipn_id: string }[]>(
      `SELECT ipn_id FROM pesapal_ipn_registrations WHERE api_base_url = $1 AND ipn_url = $2`,
      [this.connection.baseUrl, this.ipnUrl],
    );
    if (stored) return stored.ipn_id;

    const existing = (await this.client.listIpns()).find((ipn) => ipn.url === this.ipnUrl);
    const ipnId = existing?.ipnId ?? (await this.client.registerIpn(this.ipnUrl, NOTIFICATION_TYPE));
    if (!existing) this.logger.log({ ipnUrl: this.ipnUrl, ipnId }, 'Registered our IPN URL with PesaPal');
    // Another instance may have stored one meanwhile: keep the first, use whatever is stored.
    await this.dataSource.query(
      `INSERT INTO pesapal_ipn_registrations (api_base_url, ipn_url, ipn_id, notification_type)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [this.connection.baseUrl, this.ipnUrl, ipnId, NOTIFICATION_TYPE],
    );
    const [row] = await this.dataSource.query<{ ipn_id: string }[]>(
      `SELECT ipn_id FROM pesapal_ipn_registrations WHERE api_base_url = $1 AND ipn_url = $2`,
      [this.connection.baseUrl, this.ipnUrl],
    );
    return row.ipn_id;
  }
}
