/**
 * Bulk SQL for `npm run seed`: realistic, deterministic data (every choice is a hash of the row number and
 * the seed, so the same --seed gives the same rows). One password for every seeded account.
 */
export interface SeedPlan {
  professionals: number;
  institutions: number;
  jobs: number;
  seed: number;
}

// prettier-ignore
export const FIRST_NAMES = ['Grace', 'Sarah', 'Esther', 'Ruth', 'Joan', 'Brenda', 'Patience', 'Harriet', 'Winnie', 'Irene', 'Doreen', 'Agnes', 'Florence', 'Betty', 'Juliet', 'Moses', 'Joseph', 'Ivan', 'Brian', 'Ronald', 'Emmanuel', 'Isaac', 'Samuel', 'Denis', 'Allan', 'Daniel', 'Peter', 'Godfrey', 'Robert', 'Paul'];
// prettier-ignore
export const LAST_NAMES = ['Nakato', 'Namukasa', 'Nabirye', 'Akello', 'Atim', 'Auma', 'Nansubuga', 'Kisakye', 'Nalwoga', 'Apio', 'Mugisha', 'Okello', 'Ouma', 'Ssempala', 'Kato', 'Wasswa', 'Mukasa', 'Byaruhanga', 'Tumusiime', 'Asiimwe', 'Kizza', 'Lubega', 'Opio', 'Odongo', 'Ochieng', 'Ssebunya', 'Kagame', 'Twinomujuni', 'Ainembabazi', 'Nuwagaba'];
const INSTITUTION_KINDS = [
  ['school', 'Primary School'],
  ['school', 'Secondary School'],
  ['clinic', 'Health Centre III'],
  ['clinic', 'Medical Clinic'],
  ['hospital', 'Hospital'],
  ['household', 'Family'],
] as const;

/** A valid version-4-shaped UUID derived from an expression (the API validates ids as RFC 4122 UUIDs). */
const uuidOf = (expr: string) => {
  const h = `md5(${expr})`;
  return `(substr(${h}, 1, 8) || '-' || substr(${h}, 9, 4) || '-4' || substr(${h}, 14, 3) || '-8' || substr(${h}, 18, 3) || '-' || substr(${h}, 21, 12))::uuid`;
};

/** An integer in [0, n) from the row number `expr` and a salt: deterministic per seed. */
const pick = (expr: string, salt: string, n: number, seed: number) =>
  `(abs(hashtext(${expr}::text || ':${salt}:${seed}')) % ${n})`;

export function seedStatements(
  plan: SeedPlan,
  passwordHash: string,
): { label: string; sql: string; params?: unknown[] }[] {
  const { professionals: P, institutions: I, jobs: J, seed } = plan;
  const first = `(ARRAY[${FIRST_NAMES.map((n) => `'${n}'`).join(',')}])`;
  const last = `(ARRAY[${LAST_NAMES.map((n) => `'${n}'`).join(',')}])`;
  const kinds = `(ARRAY[${INSTITUTION_KINDS.map(([t]) => `'${t}'`).join(',')}])`;
  const suffixes = `(ARRAY[${INSTITUTION_KINDS.map(([, s]) => `'${s}'`).join(',')}])`;
  const profession = (expr: string) =>
    `(ARRAY['teacher','nurse','caregiver'])[1 + ${pick(expr, 'prof', 3, seed)}]`;
  return [
    {
      label: `${P} professionals`,
      params: [passwordHash],
      sql: `INSERT INTO users (id, name, email, phone, password_hash, role, email_verified_at, consent_version, consented_at, password_changed_at, created_at)
            SELECT ${uuidOf(`'p${seed}:' || n`)}, ${first}[1 + ${pick('n', 'fn', FIRST_NAMES.length, seed)}] || ' ' || ${last}[1 + ${pick('n', 'ln', LAST_NAMES.length, seed)}],
                   'pro' || n || '@seed.qgig.ug', '+25677' || lpad(n::text, 7, '0'), $1, 'professional',
                   now(), 'seed', now(), now(), now() - (${pick('n', 'age', 700, seed)}) * interval '1 day'
              FROM generate_series(1, ${P}) n`,
    },
    {
      label: 'professional profiles, skills and availability',
      sql: `INSERT INTO professionals (user_id, profession, bio, skills, experience_years, hourly_rate, daily_rate, district, verified, verified_at, rating_count, rating_total)
            SELECT ${uuidOf(`'p${seed}:' || n`)}, ${profession('n')}, 'Seeded professional profile.',
                   ARRAY(SELECT s.name FROM skills s WHERE s.profession = ${profession('n')}
                          ORDER BY abs(hashtext(s.name || n || '${seed}')) LIMIT 1 + ${pick('n', 'ns', 5, seed)}),
                   ${pick('n', 'exp', 25, seed)}, 8000 + ${pick('n', 'hr', 30, seed)} * 500, 60000 + ${pick('n', 'dr', 30, seed)} * 2500,
                   (SELECT name FROM districts ORDER BY name OFFSET ${pick('n', 'd', 40, seed)} LIMIT 1),
                   ${pick('n', 'v', 10, seed)} < 8, now(), 0, 0
              FROM generate_series(1, ${P}) n`,
    },
    {
      label: 'availability',
      sql: `INSERT INTO availability_slots (professional_id, weekday, start_time, end_time)
            SELECT ${uuidOf(`'p${seed}:' || n`)}, d, '07:00', '19:00'
              FROM generate_series(1, ${P}) n, generate_series(0, 6) d
             WHERE ${pick("n || '-' || d", 'av', 10, seed)} < 6`,
    },
    {
      label: `${I} institutions`,
      params: [passwordHash],
      sql: `INSERT INTO users (id, name, email, phone, password_hash, role, email_verified_at, consent_version, consented_at, password_changed_at)
            SELECT ${uuidOf(`'i${seed}:' || n`)}, ${first}[1 + ${pick('n', 'ifn', FIRST_NAMES.length, seed)}] || ' ' || ${last}[1 + ${pick('n', 'iln', LAST_NAMES.length, seed)}],
                   'inst' || n || '@seed.qgig.ug', '+25670' || lpad(n::text, 7, '0'), $1, 'institution', now(), 'seed', now(), now()
              FROM generate_series(1, ${I}) n`,
    },
    {
      label: 'institution profiles',
      sql: `INSERT INTO institutions (user_id, name, type, address, district, contact_person, contact_phone, contact_email)
            SELECT ${uuidOf(`'i${seed}:' || n`)}, ${last}[1 + ${pick('n', 'in', LAST_NAMES.length, seed)}] || ' ' || ${suffixes}[1 + ${pick('n', 'k', INSTITUTION_KINDS.length, seed)}],
                   ${kinds}[1 + ${pick('n', 'k', INSTITUTION_KINDS.length, seed)}], 'Plot ' || n || ', Main Street',
                   (SELECT name FROM districts ORDER BY name OFFSET ${pick('n', 'id', 40, seed)} LIMIT 1),
                   'Contact ' || n, '+25670' || lpad(n::text, 7, '0'), 'inst' || n || '@seed.qgig.ug'
              FROM generate_series(1, ${I}) n`,
    },
    {
      label: `${J} jobs over two years (5% open and in the future)`,
      sql: `INSERT INTO jobs (id, institution_id, role, title, description, required_skills, date, start_time, end_time, starts_at, ends_at,
                              rate, rate_type, district, address, status, cancel_reason, completed_at, created_at)
            SELECT ${uuidOf(`'j${seed}:' || n`)}, ${uuidOf(`'i${seed}:' || (1 + ${pick('n', 'ji', I, seed)})`)}, r.role,
                   initcap(r.role) || ' cover, shift ' || n, 'Seeded job.',
                   ARRAY(SELECT s.name FROM skills s WHERE s.profession = r.role ORDER BY abs(hashtext(s.name || n || '${seed}')) LIMIT ${pick('n', 'rs', 3, seed)}),
                   (t.starts_at AT TIME ZONE 'Africa/Kampala')::date, '08:00', '17:00', t.starts_at, t.starts_at + interval '9 hours',
                   10000 + ${pick('n', 'rate', 40, seed)} * 500, 'hourly',
                   (SELECT name FROM districts ORDER BY name OFFSET ${pick('n', 'jd', 40, seed)} LIMIT 1), 'Plot ' || n,
                   t.status, CASE WHEN t.status = 'cancelled' THEN 'Seeded cancellation' END,
                   CASE WHEN t.status = 'completed' THEN t.starts_at + interval '10 hours' END,
                   least(now(), t.starts_at - interval '3 days')
              FROM generate_series(1, ${J}) n
              CROSS JOIN LATERAL (SELECT ${profession("'j' || n")} AS role) r
              CROSS JOIN LATERAL (SELECT
                     CASE WHEN n % 20 = 0 THEN date_trunc('hour', now()) + (1 + ${pick('n', 'fut', 60 * 24, seed)}) * interval '1 hour'
                          ELSE date_trunc('hour', now()) - (1 + ${pick('n', 'past', 730 * 24, seed)}) * interval '1 hour' END AS starts_at,
                     CASE WHEN n % 20 = 0 THEN 'open'
                          WHEN ${pick('n', 'st', 10, seed)} < 7 THEN 'completed'
                          WHEN ${pick('n', 'st', 10, seed)} < 9 THEN 'cancelled' ELSE 'expired' END AS status) t`,
    },
    {
      label: 'assignments of completed jobs',
      sql: `CREATE TEMP TABLE seed_pool AS
              SELECT user_id, profession, row_number() OVER (PARTITION BY profession ORDER BY user_id) AS rn,
                     count(*) OVER (PARTITION BY profession) AS size
                FROM professionals WHERE verified;
            INSERT INTO job_assignees (job_id, professional_id, accepted_at)
            SELECT j.id, p.user_id, j.created_at + interval '1 hour'
              FROM jobs j
              JOIN (SELECT DISTINCT profession, size FROM seed_pool) s ON s.profession = j.role
              JOIN seed_pool p ON p.profession = j.role AND p.rn = 1 + ${pick('j.id', 'pa', 1_000_000, seed)} % s.size
             WHERE j.status = 'completed';
            DROP TABLE seed_pool`,
    },
    {
      label: 'transactions of completed jobs',
      sql: `INSERT INTO transactions (job_id, payer_id, merchant_reference, order_tracking_id, amount, currency, status, payment_method,
                                     confirmation_code, payment_account, attempts, next_check_at, expires_at, completed_at, created_at)
            SELECT j.id, j.institution_id, 'QG-SEED-' || replace(j.id::text, '-', ''), j.id::text, j.rate * 9, 'UGX', 'completed',
                   (ARRAY['MTNUG','AIRTELUG','Visa'])[1 + ${pick('j.id', 'pm', 3, seed)}], 'SEED' || substr(md5(j.id::text), 1, 10),
                   '25677xxx' || substr(md5(j.id::text), 1, 4), 1, j.created_at, j.created_at + interval '1 hour',
                   j.created_at + interval '2 hours', j.created_at + interval '1 hour'
              FROM jobs j WHERE j.status = 'completed'`,
    },
    {
      label: 'ratings of completed jobs (both sides, visible)',
      sql: `INSERT INTO ratings (job_id, rater_id, ratee_id, ratee_role, stars, window_closes_at, visible_at, created_at)
            SELECT j.id, j.institution_id, a.professional_id, 'professional', 3 + ${pick('j.id', 'rp', 3, seed)},
                   j.completed_at + interval '14 days', j.completed_at + interval '1 day', j.completed_at + interval '1 day'
              FROM jobs j JOIN job_assignees a ON a.job_id = j.id
             WHERE j.status = 'completed' AND ${pick('j.id', 'rated', 10, seed)} < 8
            UNION ALL
            SELECT j.id, a.professional_id, j.institution_id, 'institution', 3 + ${pick('j.id', 'ri', 3, seed)},
                   j.completed_at + interval '14 days', j.completed_at + interval '1 day', j.completed_at + interval '1 day'
              FROM jobs j JOIN job_assignees a ON a.job_id = j.id
             WHERE j.status = 'completed' AND ${pick('j.id', 'rated', 10, seed)} < 8`,
    },
    {
      label: 'rating averages',
      sql: `UPDATE professionals p SET rating_total = r.total, rating_count = r.count
              FROM (SELECT ratee_id, sum(stars)::int AS total, count(*)::int AS count FROM ratings
                     WHERE ratee_role = 'professional' GROUP BY ratee_id) r
             WHERE p.user_id = r.ratee_id;
            UPDATE institutions i SET rating_total = r.total, rating_count = r.count
              FROM (SELECT ratee_id, sum(stars)::int AS total, count(*)::int AS count FROM ratings
                     WHERE ratee_role = 'institution' GROUP BY ratee_id) r
             WHERE i.user_id = r.ratee_id;
            ANALYZE`,
    },
  ];
}
