/** Skills are matched by exact text, so tags are stored trimmed, single-spaced and lower case. */
export function normaliseSkill(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Normalised, duplicates removed, first occurrence order kept. */
export function normaliseSkills(raw: readonly string[]): string[] {
  return [...new Set(raw.map(normaliseSkill))];
}
