import { ratingAverage } from '../../common/rating-average.js';
import type { InstitutionProfileDto, InstitutionPublicDto } from './dto/institution-profile.dto.js';
import type { Institution } from './institution.entity.js';

export function toInstitutionProfile(profile: Institution): InstitutionProfileDto {
  return {
    id: profile.userId,
    name: profile.name,
    type: profile.type,
    address: profile.address,
    district: profile.district,
    contactPerson: profile.contactPerson,
    contactPhone: profile.contactPhone,
    contactEmail: profile.contactEmail,
    ratingAverage: ratingAverage(profile.ratingTotal, profile.ratingCount),
    ratingCount: profile.ratingCount,
    updatedAt: profile.updatedAt.toISOString(),
  };
}

export function toInstitutionPublic(profile: Institution): InstitutionPublicDto {
  return {
    id: profile.userId,
    name: profile.name,
    type: profile.type,
    district: profile.district,
    ratingAverage: ratingAverage(profile.ratingTotal, profile.ratingCount),
    ratingCount: profile.ratingCount,
  };
}
