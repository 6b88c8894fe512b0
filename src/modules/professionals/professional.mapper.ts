import { ratingAverage } from '../../common/rating-average.js';
import type { ReliabilityDto } from '../reliability/reliability.dto.js';
import { toHourMinute } from './availability.js';
import type { ProfessionalProfileDto, ProfessionalPublicDto } from './dto/professional-profile.dto.js';
import type { Professional } from './professional.entity.js';

export function toProfessionalProfile(profile: Professional): ProfessionalProfileDto {
  return {
    id: profile.userId,
    profession: profile.profession,
    bio: profile.bio,
    skills: profile.skills,
    experienceYears: profile.experienceYears,
    hourlyRate: profile.hourlyRate,
    dailyRate: profile.dailyRate,
    currency: profile.currency,
    district: profile.district,
    availability: (profile.availability ?? []).map((slot) => ({
      weekday: slot.weekday,
      start: toHourMinute(slot.startTime),
      end: toHourMinute(slot.endTime),
    })),
    verified: profile.verified,
    ratingAverage: ratingAverage(profile.ratingTotal, profile.ratingCount),
    ratingCount: profile.ratingCount,
    updatedAt: profile.updatedAt.toISOString(),
  };
}

export function toProfessionalPublic(
  profile: Professional,
  name: string,
  reliability: ReliabilityDto,
): ProfessionalPublicDto {
  return {
    id: profile.userId,
    name,
    profession: profile.profession,
    skills: profile.skills,
    experienceYears: profile.experienceYears,
    hourlyRate: profile.hourlyRate,
    dailyRate: profile.dailyRate,
    currency: profile.currency,
    district: profile.district,
    verified: profile.verified,
    ratingAverage: ratingAverage(profile.ratingTotal, profile.ratingCount),
    ratingCount: profile.ratingCount,
    reliability,
  };
}
