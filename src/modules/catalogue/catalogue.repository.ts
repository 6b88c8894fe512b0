import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CatalogueSkill, District } from './catalogue.service.js';

/** The only code that touches `districts` and `skills` (reference data seeded by migrations). */
@Injectable()
export class CatalogueRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  listDistricts(): Promise<District[]> {
    return this.dataSource.query<District[]>(`SELECT name, region FROM districts ORDER BY name`);
  }

  listSkills(): Promise<CatalogueSkill[]> {
    return this.dataSource.query<CatalogueSkill[]>(
      `SELECT profession, name FROM skills ORDER BY profession, name`,
    );
  }
}
