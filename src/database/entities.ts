import type { EntitySchema, MixedList } from 'typeorm';

// Registration list of every TypeORM entity. Listed explicitly: no file globs under ESM.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
export const ENTITIES: MixedList<Function | string | EntitySchema> = [];
