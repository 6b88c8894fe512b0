import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { generateTotpSecret } from '../../common/crypto/totp.js';
import { openSecret, sealSecret } from '../../common/crypto/secret-box.js';
import type { DomainEvent } from '../../common/events/domain-event.types.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import type { AppConfig } from '../../config/configuration.js';
import { ShiftsRepository } from './shifts.repository.js';

type JobBooked = Extract<DomainEvent, { type: 'job.booked' }>;

/**
 * A booked job becomes a shift (`job.booked`, in the transaction that marks the job paid): a fresh random
 * attendance secret per booking, sealed at rest with the TOTP key (AES-256-GCM, as 2FA secrets are). A
 * rebooking after a withdrawal starts the shift over for the new professional with a new secret.
 */
@Injectable()
export class ShiftBookings implements OnModuleInit {
  private readonly key: Buffer;

  constructor(
    private readonly events: DomainEvents,
    private readonly shifts: ShiftsRepository,
    private readonly clock: Clock,
    config: ConfigService<AppConfig, true>,
  ) {
    this.key = config.get('auth', { infer: true }).totpEncryptionKey;
  }

  onModuleInit(): void {
    this.events.on('job.booked', (em, event) => this.book(em, event));
  }

  async book(em: EntityManager, event: JobBooked): Promise<void> {
    await this.shifts.upsertBooking(em, {
      jobId: event.jobId,
      professionalId: event.professionalId,
      sealedSecret: sealSecret(generateTotpSecret(), this.key),
      bookedAt: this.clock.now(),
    });
  }

  /** The shift's attendance secret, opened (it never leaves the service). */
  openSecret(sealed: string): string {
    return openSecret(sealed, this.key);
  }
}
