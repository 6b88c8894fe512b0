import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { normalizeUgandanMobile } from '../../common/phone/uganda-phone.js';
import { RequestValidationError } from '../../common/validation/request-validation.error.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { CatalogueService, UNKNOWN_DISTRICT } from '../catalogue/catalogue.service.js';
import { UsersService } from '../users/users.service.js';
import type {
  InstitutionProfileDto,
  InstitutionProfileInputDto,
  InstitutionPublicDto,
} from './dto/institution-profile.dto.js';
import { toInstitutionProfile, toInstitutionPublic } from './institution.mapper.js';
import { InstitutionsRepository } from './institutions.repository.js';

/** Where an institution is, as job posting needs it. */
export interface InstitutionLocation {
  district: string;
  address: string;
}

/** Institution profiles. A profile exists only once every required field is given, so it is complete. */
@Injectable()
export class InstitutionsService {
  constructor(
    private readonly institutions: InstitutionsRepository,
    private readonly transactions: TransactionRunner,
    private readonly users: UsersService,
    private readonly catalogue: CatalogueService,
  ) {}

  async getOwn(userId: string): Promise<InstitutionProfileDto> {
    const profile = await this.institutions.findByUserId(userId);
    if (!profile) {
      throw new DomainError(
        'PROFILE_NOT_FOUND',
        'You have no institution profile yet. Create it with PUT /api/v1/institution/profile.',
      );
    }
    return toInstitutionProfile(profile);
  }

  async saveOwn(userId: string, input: InstitutionProfileInputDto): Promise<InstitutionProfileDto> {
    const district = await this.catalogue.resolveDistrict(input.district);
    if (!district) {
      throw new RequestValidationError([UNKNOWN_DISTRICT]);
    }
    const phone = normalizeUgandanMobile(input.contactPhone);
    await this.transactions.run(async (em) => {
      await this.users.lockLive(em, userId);
      await this.institutions.upsert(em, userId, {
        name: input.name,
        type: input.type,
        address: input.address,
        district,
        contactPerson: input.contactPerson,
        contactPhone: phone.ok ? phone.e164 : input.contactPhone,
        contactEmail: input.contactEmail ?? null,
      });
    });
    return this.getOwn(userId);
  }

  /** An active institution's public profile; admins also see suspended ones. */
  async getPublic(userId: string, includeSuspended: boolean): Promise<InstitutionPublicDto> {
    const profile = await this.institutions.findPublic(userId, includeSuspended);
    if (!profile) throw new DomainError('NOT_FOUND', 'No institution with this id.');
    return toInstitutionPublic(profile);
  }

  /** The institution's district and address (for posting a job); null when it has no profile yet. */
  async findLocation(userId: string): Promise<InstitutionLocation | null> {
    const profile = await this.institutions.findByUserId(userId);
    return profile ? { district: profile.district, address: profile.address } : null;
  }

  /** Deletes the profile (account deletion), in the caller's transaction. */
  eraseFor(em: EntityManager, userId: string): Promise<void> {
    return this.institutions.erase(em, userId);
  }

  /** The profile for the user's data export (named columns only); null without one. */
  exportRowFor(userId: string): Promise<Record<string, unknown> | null> {
    return this.institutions.exportRow(userId);
  }

  /** Counts a revealed rating in the institution's average (ratings module), in its transaction. */
  addRevealedRating(em: EntityManager, userId: string, stars: number): Promise<void> {
    return this.institutions.addRevealedRating(em, userId, stars);
  }
}
