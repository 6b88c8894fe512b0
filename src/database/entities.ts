// Registration list of every TypeORM entity. Listed explicitly: no file globs under ESM.
export const ENTITIES: Function[] = [];
