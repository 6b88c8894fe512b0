import { Injectable } from '@nestjs/common';
import { CatalogueRepository } from './catalogue.repository.js';
import type { Profession } from './professions.js';

/** The field error for a `district` that is not in the list. */
export const UNKNOWN_DISTRICT: { field: string; message: string } = {
  field: 'district',
  message: 'is not a district of Uganda; see GET /api/v1/catalogue/districts',
};

export interface District {
  name: string;
  region: string;
}

export interface CatalogueSkill {
  profession: Profession;
  name: string;
}

/**
 * Reference data seeded by migrations (districts, skill catalogue). It changes only with a migration,
 * i.e. with a deploy, so each instance reads it once and keeps it.
 */
@Injectable()
export class CatalogueService {
  private districts?: Promise<{ list: District[]; byLowerName: Map<string, string> }>;
  private skills?: Promise<CatalogueSkill[]>;

  constructor(private readonly catalogue: CatalogueRepository) {}

  async listDistricts(): Promise<District[]> {
    return (await this.loadDistricts()).list;
  }

  /** The district's canonical spelling, matching case-insensitively; undefined when there is none. */
  async resolveDistrict(name: string): Promise<string | undefined> {
    return (await this.loadDistricts()).byLowerName.get(name.trim().toLowerCase());
  }

  async listSkills(profession?: Profession): Promise<CatalogueSkill[]> {
    this.skills ??= this.catalogue.listSkills().catch((error: unknown) => {
      this.skills = undefined;
      throw error;
    });
    const all = await this.skills;
    return profession ? all.filter((skill) => skill.profession === profession) : all;
  }

  private loadDistricts(): Promise<{ list: District[]; byLowerName: Map<string, string> }> {
    this.districts ??= this.catalogue
      .listDistricts()
      .then((list) => ({ list, byLowerName: new Map(list.map((d) => [d.name.toLowerCase(), d.name])) }))
      .catch((error: unknown) => {
        this.districts = undefined;
        throw error;
      });
    return this.districts;
  }
}
