import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../../config/configuration.js';
import { BcryptPool } from './bcrypt-pool.js';

export const BCRYPT_COST = 12;

/** bcrypt at cost 12 (@node-rs/bcrypt), in low-priority worker threads with a short queue (BcryptPool). */
@Injectable()
export class PasswordHasher implements OnModuleDestroy {
  private readonly pool: BcryptPool;
  private dummyHash?: Promise<string>;

  constructor(config: ConfigService<AppConfig, true>) {
    this.pool = new BcryptPool(config.get('auth', { infer: true }).bcrypt);
  }

  hash(password: string): Promise<string> {
    return this.pool.hash(password, BCRYPT_COST);
  }

  verify(password: string, passwordHash: string): Promise<boolean> {
    return this.pool.verify(password, passwordHash);
  }

  /** Spends the same time as a real check, so an unknown email cannot be told apart by timing. */
  async verifyNobody(password: string): Promise<false> {
    this.dummyHash ??= this.hash('no-such-user-password').catch((error: unknown) => {
      this.dummyHash = undefined;
      throw error;
    });
    await this.verify(password, await this.dummyHash);
    return false;
  }

  onModuleDestroy(): Promise<void> {
    return this.pool.close();
  }
}
