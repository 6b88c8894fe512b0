import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/bcrypt';

export const BCRYPT_COST = 12;

/** bcrypt at cost 12 (@node-rs/bcrypt: prebuilt binaries, work on libuv threads). */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return hash(password, BCRYPT_COST);
  }

  verify(password: string, passwordHash: string): Promise<boolean> {
    return verify(password, passwordHash);
  }

  /** Spends the same time as a real check, so an unknown email cannot be told apart by timing. */
  async verifyNobody(password: string): Promise<false> {
    this.dummyHash ??= hash('no-such-user-password', BCRYPT_COST);
    await verify(password, await this.dummyHash);
    return false;
  }
}
