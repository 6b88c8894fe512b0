/** Version of the privacy notice users accept at sign-up (Uganda DPPA 2019). Bump when the text changes. */
export const CURRENT_CONSENT_VERSION = '2026-11-v1';
