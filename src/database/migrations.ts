// Registration list of every migration, oldest first. Listed explicitly: no file globs under ESM.
import { Foundation1764000000000 } from '../../migrations/1764000000000-Foundation.js';

export const MIGRATIONS = [Foundation1764000000000];
