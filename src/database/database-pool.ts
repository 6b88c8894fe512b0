import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What node-postgres' Pool exposes about itself. */
export interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** The connection pool's counters, for metrics; the only code that reaches into the driver. */
@Injectable()
export class DatabasePool {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Undefined until the pool exists. */
  stats(): PoolStats | undefined {
    // TypeORM's PostgresDriver keeps node-postgres' Pool as `master` once connected.
    return (this.dataSource.driver as unknown as { master?: PoolStats }).master;
  }
}
