import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { User } from './user.entity.js';

export interface NewUser {
  name: string;
  email: string;
  phone: string;
  passwordHash: string;
  role: Role;
  consentVersion: string | null;
  emailVerified?: boolean;
}

/** The users table: lookups and changes other modules need. Rules about accounts live with their use case. */
@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByEmail(email: string, em: EntityManager = this.dataSource.manager): Promise<User | null> {
    return em.findOne(User, { where: { email: email.trim() } });
  }

  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<User | null> {
    return em.findOne(User, { where: { id } });
  }

  /** The user, locked for the rest of the transaction; a missing or deleted account is "not found". */
  async lockLive(em: EntityManager, id: string): Promise<User> {
    const user = await em.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!user || user.status === 'deleted')
      throw new DomainError('NOT_FOUND', 'This account no longer exists.');
    return user;
  }

  async getLive(id: string): Promise<User> {
    const user = await this.findById(id);
    if (!user || user.status === 'deleted')
      throw new DomainError('NOT_FOUND', 'This account no longer exists.');
    return user;
  }

  /** Email and phone uniqueness is enforced by the database (users_email_key, users_phone_key → 409). */
  create(em: EntityManager, input: NewUser): Promise<User> {
    const now = new Date();
    return em.save(
      em.create(User, {
        name: input.name,
        email: input.email,
        phone: input.phone,
        passwordHash: input.passwordHash,
        role: input.role,
        status: 'active',
        consentVersion: input.consentVersion,
        consentedAt: input.consentVersion ? now : null,
        emailVerifiedAt: input.emailVerified ? now : null,
        passwordChangedAt: now,
      }),
    );
  }

  async update(em: EntityManager, id: string, changes: Partial<User>): Promise<void> {
    await em.update(User, id, changes);
  }
}
