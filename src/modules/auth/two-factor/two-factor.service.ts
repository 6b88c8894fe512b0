import { createHash, randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import QRCode from 'qrcode';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../../common/auth/auth-context.js';
import { openSecret, sealSecret } from '../../../common/crypto/secret-box.js';
import { DomainError } from '../../../common/errors/domain-error.js';
import { RequestValidationError } from '../../../common/validation/request-validation.error.js';
import type { AppConfig } from '../../../config/configuration.js';
import { TransactionRunner } from '../../../database/transaction-runner.js';
import { AuditService } from '../../audit/audit.service.js';
import { UsersService, type UserAccount } from '../../users/users.service.js';
import { PasswordHasher } from '../password/password-hasher.js';
import { BackupCodesRepository } from './backup-codes.repository.js';
import { generateTotpSecret, otpauthUrl, verifyTotp } from '../../../common/crypto/totp.js';

const ISSUER = 'Qgig';
const BACKUP_CODE_COUNT = 10;
const BACKUP_CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export type LoginOtpCheck = 'ok' | 'missing' | 'wrong';

/** TOTP two-factor authentication (RFC 6238) with single-use backup codes. */
@Injectable()
export class TwoFactorService {
  private readonly key: Buffer;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly backupCodes: BackupCodesRepository,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.key = config.get('auth', { infer: true }).totpEncryptionKey;
  }

  /** A fresh secret, kept pending until /enable proves the authenticator app has it. */
  async setup(userId: string): Promise<{ otpauthUrl: string; qrDataUrl: string }> {
    const secret = generateTotpSecret();
    const user = await this.transactions.run(async (em) => {
      const locked = await this.users.lockLive(em, userId);
      if (locked.twoFactorEnabledAt) throw alreadyEnabled();
      await this.users.storePendingTwoFactorSecret(em, userId, sealSecret(secret, this.key));
      return locked;
    });
    const url = otpauthUrl({ issuer: ISSUER, account: user.email!, secret });
    return { otpauthUrl: url, qrDataUrl: await QRCode.toDataURL(url) };
  }

  async enable(userId: string, otp: string, meta: RequestMeta): Promise<string[]> {
    return this.transactions.run(async (em) => {
      const user = await this.users.lockLive(em, userId);
      if (user.twoFactorEnabledAt) throw alreadyEnabled();
      if (!user.twoFactorPendingSecret) {
        throw new DomainError(
          'TWO_FACTOR_NOT_SET_UP',
          'Call POST /auth/2fa/setup first, then enable with a code.',
        );
      }
      const counter = verifyTotp(openSecret(user.twoFactorPendingSecret, this.key), otp, Date.now());
      if (counter === null) throw wrongOtp();
      await this.users.enableTwoFactor(em, userId, user.twoFactorPendingSecret, counter, new Date());
      const codes = await this.replaceBackupCodes(em, userId);
      await this.audit.record({ action: 'auth.2fa_enabled', actorId: userId, meta }, em);
      return codes;
    });
  }

  /** Needs a current code or the password. */
  async disable(
    userId: string,
    proof: { otp?: string; password?: string },
    meta: RequestMeta,
  ): Promise<void> {
    if (!proof.otp && !proof.password) {
      throw new RequestValidationError([{ field: 'otp', message: 'give otp (a current code) or password' }]);
    }
    const user = await this.users.getLive(userId);
    if (!user.twoFactorEnabledAt) {
      throw new DomainError(
        'TWO_FACTOR_NOT_ENABLED',
        'Two-factor authentication is not on for this account.',
      );
    }
    if (!proof.otp && !(await this.hasher.verify(proof.password!, user.passwordHash!))) {
      throw new DomainError('WRONG_PASSWORD', 'password is not this account’s password.');
    }
    await this.transactions.run(async (em) => {
      const locked = await this.users.lockLive(em, userId);
      if (proof.otp && !(await this.acceptTotp(em, locked, proof.otp))) throw wrongOtp();
      await this.eraseFor(em, userId);
      await this.audit.record({ action: 'auth.2fa_disabled', actorId: userId, meta }, em);
    });
  }

  /** At login: a current, unused TOTP code or an unused backup code. */
  async checkAtLogin(
    em: EntityManager,
    userId: string,
    otp: string | undefined,
    meta: RequestMeta,
  ): Promise<LoginOtpCheck> {
    if (!otp) return 'missing';
    const user = await this.users.lockLive(em, userId);
    if (/^\d{6}$/.test(otp)) return (await this.acceptTotp(em, user, otp)) ? 'ok' : 'wrong';

    if (!(await this.backupCodes.consume(em, userId, backupCodeHash(userId, otp)))) return 'wrong';
    await this.audit.record({ action: 'auth.2fa_backup_code_used', actorId: userId, meta }, em);
    return 'ok';
  }

  /** Clears the secret and backup codes (disable, account deletion). */
  async eraseFor(em: EntityManager, userId: string): Promise<void> {
    await this.users.clearTwoFactor(em, userId);
    await this.backupCodes.deleteAllFor(em, userId);
  }

  /** Checks a code against the secret; a code's time step is accepted once, so it cannot be replayed. */
  private async acceptTotp(em: EntityManager, user: UserAccount, otp: string): Promise<boolean> {
    const counter = verifyTotp(openSecret(user.twoFactorSecret!, this.key), otp, Date.now());
    if (
      counter === null ||
      (user.twoFactorLastCounter !== null && counter <= Number(user.twoFactorLastCounter))
    ) {
      return false;
    }
    await this.users.recordTwoFactorCounter(em, user.id, counter);
    return true;
  }

  private async replaceBackupCodes(em: EntityManager, userId: string): Promise<string[]> {
    await this.backupCodes.deleteAllFor(em, userId);
    const codes = Array.from({ length: BACKUP_CODE_COUNT }, newBackupCode);
    await this.backupCodes.insertAll(
      em,
      userId,
      codes.map((code) => backupCodeHash(userId, code)),
    );
    return codes;
  }
}

function newBackupCode(): string {
  const chars = Array.from(
    { length: 10 },
    () => BACKUP_CODE_ALPHABET[randomInt(BACKUP_CODE_ALPHABET.length)],
  );
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** ~50 random bits per code and single use: a salted SHA-256 is enough (bcrypt ×10 per login is not). */
function backupCodeHash(userId: string, code: string): string {
  const normalised = code.toLowerCase().replace(/-/g, '');
  return createHash('sha256').update(`${userId}:${normalised}`).digest('hex');
}

function alreadyEnabled(): DomainError {
  return new DomainError(
    'TWO_FACTOR_ALREADY_ENABLED',
    'Two-factor authentication is already on; disable it first.',
  );
}

function wrongOtp(): DomainError {
  return new DomainError(
    'WRONG_OTP',
    'otp is wrong or already used; enter the current code from the authenticator app.',
  );
}
