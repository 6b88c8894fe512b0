import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { DomainEvents } from '../../common/events/domain-events.js';
import { RequestValidationError, type FieldError } from '../../common/validation/request-validation.error.js';
import type { Profession } from '../catalogue/professions.js';
import { CatalogueService, UNKNOWN_DISTRICT } from '../catalogue/catalogue.service.js';
import { UsersService } from '../users/users.service.js';
import { availabilityProblems } from './availability.js';
import { AvailabilitySlot } from './availability-slot.entity.js';
import type { ProfessionalProfileInputDto } from './dto/professional-profile.dto.js';
import { Professional } from './professional.entity.js';
import { normaliseSkills } from './skill-tags.js';
import { isVerified, type DocumentType } from './verification-rule.js';
import { ProfessionalsRepository } from './professionals.repository.js';

export interface ProfessionalWithName {
  profile: Professional;
  name: string;
}

/** Professional profiles, their weekly availability and the `verified` flag derived from documents. */
@Injectable()
export class ProfessionalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly catalogue: CatalogueService,
    private readonly repository: ProfessionalsRepository,
    private readonly events: DomainEvents,
  ) {}

  async getOwn(userId: string): Promise<Professional> {
    const profile = await this.findWithAvailability(userId);
    if (!profile) {
      throw new DomainError(
        'PROFILE_NOT_FOUND',
        'You have no professional profile yet. Create it with PUT /api/v1/professional/profile.',
      );
    }
    return profile;
  }

  /** Creates or replaces the caller's profile; `verified` is recomputed in case the profession changed. */
  async saveOwn(userId: string, input: ProfessionalProfileInputDto): Promise<Professional> {
    const district = await this.catalogue.resolveDistrict(input.district);
    const problems: FieldError[] = [...availabilityProblems(input.availability)];
    if (!district) {
      problems.unshift(UNKNOWN_DISTRICT);
    }
    if (problems.length > 0) throw new RequestValidationError(problems);

    await this.dataSource.transaction(async (em) => {
      await this.users.lockLive(em, userId);
      await em.upsert(
        Professional,
        {
          userId,
          profession: input.profession,
          bio: input.bio ?? null,
          skills: normaliseSkills(input.skills),
          experienceYears: input.experienceYears,
          hourlyRate: input.hourlyRate ?? null,
          dailyRate: input.dailyRate ?? null,
          district,
        },
        { conflictPaths: ['userId'] },
      );
      await em.delete(AvailabilitySlot, { professionalId: userId });
      if (input.availability.length > 0) {
        await em.insert(
          AvailabilitySlot,
          input.availability.map((slot) => ({
            professionalId: userId,
            weekday: slot.weekday,
            startTime: slot.start,
            endTime: slot.end,
          })),
        );
      }
      await this.events.publish(em, { type: 'professional.profile_saved', userId });
    });
    return this.getOwn(userId);
  }

  /** A live professional's profile with their name; admins also see suspended ones. */
  async getPublic(userId: string, includeSuspended: boolean): Promise<ProfessionalWithName> {
    const row = await this.dataSource
      .createQueryBuilder(Professional, 'p')
      .innerJoin('users', 'u', 'u.id = p.user_id')
      .addSelect('u.name', 'user_name')
      .where('p.user_id = :userId', { userId })
      .andWhere(includeSuspended ? `u.status <> 'deleted'` : `u.status = 'active'`)
      .getRawAndEntities();
    const profile = row.entities[0];
    if (!profile) throw new DomainError('NOT_FOUND', 'No professional with this id.');
    return { profile, name: String(row.raw[0].user_name) };
  }

  /**
   * Sets `verified` from the types of the professional's approved documents (the verification module reads
   * them), in the caller's transaction, with the profile row locked.
   */
  async recomputeVerified(
    em: EntityManager,
    userId: string,
    approvedTypes: DocumentType[],
  ): Promise<boolean | undefined> {
    const profile = await em.findOne(Professional, {
      where: { userId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!profile) return undefined;
    const verified = isVerified(profile.profession, approvedTypes);
    if (verified !== profile.verified) {
      await em.update(Professional, userId, { verified, verifiedAt: verified ? new Date() : null });
    }
    return verified;
  }

  /** What accepting a job checks, in its transaction: the profession and the verified flag; null without a profile. */
  async findQualification(
    em: EntityManager,
    userId: string,
  ): Promise<{ profession: Profession; verified: boolean } | null> {
    const profile = await em.findOneBy(Professional, { userId });
    return profile ? { profession: profile.profession, verified: profile.verified } : null;
  }

  private findWithAvailability(userId: string): Promise<Professional | null> {
    return this.dataSource.manager.findOne(Professional, {
      where: { userId },
      relations: { availability: true },
      order: { availability: { weekday: 'ASC', startTime: 'ASC' } },
    });
  }

  /** A rating of this professional became visible: count it in their average, in the caller's transaction. */
  addRevealedRating(em: EntityManager, userId: string, stars: number): Promise<void> {
    return this.repository.addRevealedRating(em, userId, stars);
  }
}
