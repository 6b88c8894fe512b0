import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { RequestValidationError, type FieldError } from '../../common/validation/request-validation.error.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { CatalogueService, UNKNOWN_DISTRICT } from '../catalogue/catalogue.service.js';
import type { Profession } from '../catalogue/professions.js';
import { ReliabilityService } from '../reliability/reliability.service.js';
import { UsersService } from '../users/users.service.js';
import { availabilityProblems } from './availability.js';
import type {
  ProfessionalProfileDto,
  ProfessionalProfileInputDto,
  ProfessionalPublicDto,
} from './dto/professional-profile.dto.js';
import { toProfessionalProfile, toProfessionalPublic } from './professional.mapper.js';
import { ProfessionalsRepository } from './professionals.repository.js';
import { normaliseSkills } from './skill-tags.js';
import { isVerified, type DocumentType } from './verification-rule.js';

/**
 * Professional profiles, their weekly availability, the `verified` flag derived from documents, and the
 * copy of the reliability score that ranks candidates.
 */
@Injectable()
export class ProfessionalsService implements OnModuleInit {
  constructor(
    private readonly professionals: ProfessionalsRepository,
    private readonly transactions: TransactionRunner,
    private readonly events: DomainEvents,
    private readonly users: UsersService,
    private readonly catalogue: CatalogueService,
    private readonly reliability: ReliabilityService,
  ) {}

  onModuleInit(): void {
    this.events.on('reliability.changed', (em, e) => this.refreshReliability(em, e.professionalId));
  }

  /**
   * Stores the professional's current reliability score. The row is locked before the score is read: a
   * concurrent event for the same professional then waits, and reads a score that includes this one.
   */
  private async refreshReliability(em: EntityManager, userId: string): Promise<void> {
    if (!(await this.professionals.lockRow(em, userId))) return;
    await this.professionals.setReliability(em, userId, await this.reliability.scoreOf(em, userId));
  }

  async getOwn(userId: string): Promise<ProfessionalProfileDto> {
    const profile = await this.professionals.findWithAvailability(userId);
    if (!profile) {
      throw new DomainError(
        'PROFILE_NOT_FOUND',
        'You have no professional profile yet. Create it with PUT /api/v1/professional/profile.',
      );
    }
    return toProfessionalProfile(profile);
  }

  /**
   * Creates or replaces the caller's profile and publishes `professional.profile_saved` in the same
   * transaction: the profession may have changed, so the verification module recomputes `verified`.
   */
  async saveOwn(userId: string, input: ProfessionalProfileInputDto): Promise<ProfessionalProfileDto> {
    const district = await this.catalogue.resolveDistrict(input.district);
    const problems: FieldError[] = [...availabilityProblems(input.availability)];
    if (!district) {
      problems.unshift(UNKNOWN_DISTRICT);
    }
    if (!district || problems.length > 0) throw new RequestValidationError(problems);

    await this.transactions.run(async (em) => {
      await this.users.lockLive(em, userId);
      // The upsert leaves the profile row locked until commit, before anyone recomputes `verified`.
      await this.professionals.upsert(em, userId, {
        profession: input.profession,
        bio: input.bio ?? null,
        skills: normaliseSkills(input.skills),
        experienceYears: input.experienceYears,
        hourlyRate: input.hourlyRate ?? null,
        dailyRate: input.dailyRate ?? null,
        district,
      });
      await this.professionals.replaceAvailability(em, userId, input.availability);
      await this.events.publish(em, { type: 'professional.profile_saved', userId });
    });
    return this.getOwn(userId);
  }

  /** A live professional's public profile with their name; admins also see suspended ones. */
  async getPublic(userId: string, includeSuspended: boolean): Promise<ProfessionalPublicDto> {
    const found = await this.professionals.findPublic(userId, includeSuspended);
    if (!found) throw new DomainError('NOT_FOUND', 'No professional with this id.');
    return toProfessionalPublic(found.profile, found.name, await this.reliability.of(userId));
  }

  /**
   * Locks the profile row (FOR UPDATE) and answers its profession; null without a profile. Lock it before
   * reading the approved documents, so two reviews finishing at once both see each other's approval.
   */
  async lockProfile(em: EntityManager, userId: string): Promise<{ profession: Profession } | null> {
    const profile = await this.professionals.lockProfile(em, userId);
    return profile ? { profession: profile.profession } : null;
  }

  /**
   * Sets `verified` from the types of the professional's approved documents (the verification module reads
   * them), in the caller's transaction; undefined without a profile. The profile row is locked first.
   */
  async recomputeVerified(
    em: EntityManager,
    userId: string,
    approvedTypes: readonly DocumentType[],
  ): Promise<boolean | undefined> {
    const profile = await this.professionals.lockProfile(em, userId);
    if (!profile) return undefined;
    const verified = isVerified(profile.profession, approvedTypes);
    if (verified !== profile.verified) {
      await this.professionals.setVerified(em, userId, verified, new Date());
    }
    return verified;
  }

  /** Deletes the profile and its availability (account deletion), in the caller's transaction. */
  eraseFor(em: EntityManager, userId: string): Promise<void> {
    return this.professionals.erase(em, userId);
  }

  /** The profile for the user's data export (named columns only); null without one. */
  exportRowFor(userId: string): Promise<Record<string, unknown> | null> {
    return this.professionals.exportRow(userId);
  }

  /** What accepting a job checks, in its transaction: the profession and the verified flag; null without a profile. */
  async findQualification(
    em: EntityManager,
    userId: string,
  ): Promise<{ profession: Profession; verified: boolean } | null> {
    const profile = await this.professionals.findByUserId(userId, em);
    return profile ? { profession: profile.profession, verified: profile.verified } : null;
  }

  /** Counts a revealed rating in the professional's average (ratings module), in its transaction. */
  addRevealedRating(em: EntityManager, userId: string, stars: number): Promise<void> {
    return this.professionals.addRevealedRating(em, userId, stars);
  }

  /** Verified professionals whose account is active (admin metrics). */
  countVerifiedActive(): Promise<number> {
    return this.professionals.countVerifiedActive();
  }
}
