import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { normalizeUgandanMobile } from '../../common/phone/uganda-phone.js';
import { RequestValidationError } from '../../common/validation/request-validation.error.js';
import { CatalogueService, UNKNOWN_DISTRICT } from '../catalogue/catalogue.service.js';
import { UsersService } from '../users/users.service.js';
import type { InstitutionProfileInputDto } from './dto/institution-profile.dto.js';
import { Institution } from './institution.entity.js';
import { InstitutionsRepository } from './institutions.repository.js';

/** Institution profiles. A profile exists only once every required field is given, so it is complete. */
@Injectable()
export class InstitutionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly catalogue: CatalogueService,
    private readonly repository: InstitutionsRepository,
  ) {}

  async getOwn(userId: string): Promise<Institution> {
    const profile = await this.dataSource.manager.findOne(Institution, { where: { userId } });
    if (!profile) {
      throw new DomainError(
        'PROFILE_NOT_FOUND',
        'You have no institution profile yet. Create it with PUT /api/v1/institution/profile.',
      );
    }
    return profile;
  }

  async saveOwn(userId: string, input: InstitutionProfileInputDto): Promise<Institution> {
    const district = await this.catalogue.resolveDistrict(input.district);
    if (!district) {
      throw new RequestValidationError([UNKNOWN_DISTRICT]);
    }
    const phone = normalizeUgandanMobile(input.contactPhone);
    await this.dataSource.transaction(async (em) => {
      await this.users.lockLive(em, userId);
      await em.upsert(
        Institution,
        {
          userId,
          name: input.name,
          type: input.type,
          address: input.address,
          district,
          contactPerson: input.contactPerson,
          contactPhone: phone.ok ? phone.e164 : input.contactPhone,
          contactEmail: input.contactEmail ?? null,
        },
        { conflictPaths: ['userId'] },
      );
    });
    return this.getOwn(userId);
  }

  /** An active institution's profile with its user status checked; admins also see suspended ones. */
  /** What a new job defaults to (district, address); null when the institution has no profile yet. */
  async findPostingDefaults(userId: string): Promise<{ district: string; address: string | null } | null> {
    const profile = await this.dataSource.manager.findOne(Institution, { where: { userId } });
    return profile ? { district: profile.district, address: profile.address } : null;
  }

  async getPublic(userId: string, includeSuspended: boolean): Promise<Institution> {
    const profile = await this.dataSource
      .createQueryBuilder(Institution, 'i')
      .innerJoin('users', 'u', 'u.id = i.user_id')
      .where('i.user_id = :userId', { userId })
      .andWhere(includeSuspended ? `u.status <> 'deleted'` : `u.status = 'active'`)
      .getOne();
    if (!profile) throw new DomainError('NOT_FOUND', 'No institution with this id.');
    return profile;
  }

  /** A rating of this institution became visible: count it in their average, in the caller's transaction. */
  addRevealedRating(em: EntityManager, userId: string, stars: number): Promise<void> {
    return this.repository.addRevealedRating(em, userId, stars);
  }
}
