/**
 * What a PostgreSQL unique violation (23505) means to a client, by constraint name. Migrations name
 * every constraint so this table can speak for it; an unlisted one still answers 409 with a generic text.
 */
export const UNIQUE_CONSTRAINT_MESSAGES: Record<string, string> = {};

export const GENERIC_CONFLICT_MESSAGE = 'The request conflicts with data that already exists.';
