import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Receipts (owned by the payments module): a completed payment gets `QG-YYYY-NNNNNN`, gapless per Kampala
 * year. receipt_counters holds the last number of each year; the completion's transaction takes the next
 * one with INSERT … ON CONFLICT DO UPDATE … RETURNING, whose row lock serialises concurrent completions and
 * whose rollback gives the number back. Payments completed before this migration get their receipts here,
 * numbered in order of completion.
 */
export class Receipts1765000000000 implements MigrationInterface {
  name = 'Receipts1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE receipt_counters (
        year integer PRIMARY KEY,
        last_number integer NOT NULL,
        CONSTRAINT receipt_counters_last_number_check CHECK (last_number > 0)
      )`);
    await queryRunner.query(`
      CREATE TABLE receipts (
        payment_id uuid PRIMARY KEY REFERENCES transactions (id),
        number text NOT NULL,
        year integer NOT NULL,
        issued_at timestamptz NOT NULL,
        CONSTRAINT receipts_number_key UNIQUE (number),
        CONSTRAINT receipts_number_check CHECK (number ~ '^QG-[0-9]{4}-[0-9]{6,}$'),
        CONSTRAINT receipts_year_check CHECK (substr(number, 4, 4)::integer = year)
      )`);
    await queryRunner.query(`
      INSERT INTO receipts (payment_id, number, year, issued_at)
      SELECT id, format('QG-%s-%s', year, lpad(n::text, 6, '0')), year, completed_at
        FROM (SELECT id, completed_at,
                     extract(year FROM completed_at AT TIME ZONE 'Africa/Kampala')::integer AS year,
                     row_number() OVER (
                       PARTITION BY extract(year FROM completed_at AT TIME ZONE 'Africa/Kampala')
                       ORDER BY completed_at, id) AS n
                FROM transactions
               WHERE status IN ('completed', 'reversed') AND completed_at IS NOT NULL) AS numbered`);
    await queryRunner.query(`
      INSERT INTO receipt_counters (year, last_number)
      SELECT year, count(*) FROM receipts GROUP BY year`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE receipts`);
    await queryRunner.query(`DROP TABLE receipt_counters`);
  }
}
