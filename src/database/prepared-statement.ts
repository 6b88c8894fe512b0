import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

/**
 * A named SQL statement for the hottest reads (session check, job detail, discovery). PostgreSQL parses it
 * once per pooled connection and, after a few executions, reuses its plan: for these queries planning cost
 * several times more than executing (0.2 ms against 0.03 ms for a job by id), and TypeORM's `query()` only
 * sends unnamed statements, which are planned on every call.
 *
 * The text must be constant for a name (node-postgres refuses one name with two texts on a connection).
 * Runs outside any transaction, on the pool TypeORM holds (or a bare pg Pool: the benchmark baseline).
 */
/** Where a prepared statement runs: TypeORM's pool, or a bare pg Pool (the benchmark baseline). */
export type Database = DataSource | Pool;

export class PreparedStatement<Row> {
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}

  async run(db: Database, values: unknown[]): Promise<Row[]> {
    const pool = db instanceof DataSource ? poolOf(db) : db;
    const result = await pool.query({ name: this.name, text: this.text, values });
    return result.rows as Row[];
  }
}

function poolOf(dataSource: DataSource): Pool {
  // TypeORM's PostgresDriver keeps its node-postgres Pool as `master` (no replication configured).
  return (dataSource.driver as unknown as { master: Pool }).master;
}
