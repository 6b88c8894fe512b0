export const PROFESSIONS = ['teacher', 'nurse', 'caregiver'] as const;
export type Profession = (typeof PROFESSIONS)[number];
