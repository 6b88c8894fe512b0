/**
 * What production must set explicitly. Development and tests run with no setup at all (embedded database,
 * generated secrets, mail in the log, the PesaPal emulator); each of those defaults would be a silent
 * failure in production, so there the service refuses to start instead, naming every missing piece.
 */
const REQUIRED_IN_PRODUCTION: { name: string; why: string }[] = [
  {
    name: 'DATABASE_URL',
    why: 'your PostgreSQL server, e.g. postgresql://qgig:secret@db.internal:5432/qgig (the embedded database is for development only)',
  },
  { name: 'JWT_ACCESS_SECRET', why: 'signs access tokens; at least 32 bytes (try: openssl rand -base64 48)' },
  {
    name: 'TOTP_ENCRYPTION_KEY',
    why: 'seals 2FA secrets; 32 bytes in base64 (try: openssl rand -base64 32)',
  },
  {
    name: 'DOCUMENTS_ENCRYPTION_KEY',
    why: 'encrypts credential files; 32 bytes in base64 (try: openssl rand -base64 32)',
  },
  {
    name: 'SMTP_URL',
    why: 'outgoing mail, e.g. smtp://user:pass@mail.example.com:587 (without it, reset links would go to the log)',
  },
  { name: 'PESAPAL_CONSUMER_KEY', why: 'your merchant key from PesaPal' },
  { name: 'PESAPAL_CONSUMER_SECRET', why: 'your merchant secret from PesaPal' },
  {
    name: 'PESAPAL_ENV',
    why: 'sandbox or live, set explicitly (the emulator takes no real money)',
  },
  { name: 'METRICS_TOKEN', why: 'bearer token Prometheus sends to GET /metrics (try: openssl rand -hex 24)' },
  {
    name: 'PUBLIC_URL',
    why: 'where PesaPal and browsers reach this API, e.g. https://api.qgig.ug (IPNs cannot reach localhost)',
  },
  {
    name: 'FRONTEND_URL',
    why: 'the web app users open, e.g. https://app.qgig.ug (links in emails point there)',
  },
];

/** One line per problem; empty outside production. Values are checked for shape elsewhere. */
export function productionProblems(input: Record<string, string>): string[] {
  if (input.NODE_ENV !== 'production') return [];
  const problems = REQUIRED_IN_PRODUCTION.filter(({ name }) => !input[name]).map(
    ({ name, why }) => `${name} is required when NODE_ENV=production: ${why}`,
  );
  if (input.PESAPAL_ENV === 'emulator') {
    problems.push(
      'PESAPAL_ENV=emulator is refused when NODE_ENV=production: use sandbox or live with your merchant keys',
    );
  }
  return problems;
}

/** The variables production refuses to start without, for documentation and tests. */
export const PRODUCTION_REQUIRED_NAMES = REQUIRED_IN_PRODUCTION.map(({ name }) => name);
