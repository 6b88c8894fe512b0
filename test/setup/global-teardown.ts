import { rmSync } from 'node:fs';
import type { TestDatabaseState } from './global-setup.js';
import { dropDatabases } from './test-databases.js';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { qgigTestDatabases?: TestDatabaseState }).qgigTestDatabases;
  if (!state) return;
  await dropDatabases(state.adminUrl, state.prefix);
  if (state.embedded) {
    await state.embedded.destroy();
    rmSync(state.embeddedDir!, { recursive: true, force: true });
  }
}
