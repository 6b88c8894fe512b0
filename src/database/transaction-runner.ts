import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { withTransaction } from './with-transaction.js';

/**
 * The one way a service opens a transaction. Services never query through `em` themselves: they hand it to
 * repositories (their own module's) and to other modules' services, so everything a use case writes commits
 * or rolls back together. Retried once on deadlock or serialization failure (withTransaction), so `work` must
 * only touch the database and must not call anything outside the process (PesaPal, SMTP): do that after
 * `run` returns, with no row locked.
 */
@Injectable()
export class TransactionRunner {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return withTransaction(this.dataSource, work);
  }
}
