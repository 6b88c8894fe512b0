import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The only code that touches `two_factor_backup_codes` (only hashes are stored). */
@Injectable()
export class BackupCodesRepository {
  /** Marks an unused code of the user used; false when there is none with this hash. */
  async consume(em: EntityManager, userId: string, codeHash: string): Promise<boolean> {
    const [used]: [{ id: string }[], number] = await em.query(
      `UPDATE two_factor_backup_codes SET used_at = now()
        WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [userId, codeHash],
    );
    return used.length > 0;
  }

  async insertAll(em: EntityManager, userId: string, codeHashes: string[]): Promise<void> {
    for (const codeHash of codeHashes) {
      await em.query(`INSERT INTO two_factor_backup_codes (user_id, code_hash) VALUES ($1, $2)`, [
        userId,
        codeHash,
      ]);
    }
  }

  async deleteAllFor(em: EntityManager, userId: string): Promise<void> {
    await em.query(`DELETE FROM two_factor_backup_codes WHERE user_id = $1`, [userId]);
  }
}
