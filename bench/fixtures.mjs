// What the scenarios need from a seeded database: who signs in, which jobs they read or accept.
export async function loadFixtures(db) {
  const one = async (sql, params = []) => (await db.query(sql, params)).rows[0];
  const all = async (sql, params = []) => (await db.query(sql, params)).rows;
  const professional = await one(
    `SELECT u.id, u.email FROM users u JOIN professionals p ON p.user_id = u.id
      WHERE p.verified AND p.profession = 'nurse' AND u.status = 'active' ORDER BY u.email LIMIT 1`,
  );
  const institutionJob = await one(
    `SELECT j.id, u.email FROM jobs j JOIN users u ON u.id = j.institution_id
      WHERE j.status = 'open' AND j.starts_at > now() AND j.role = 'nurse' ORDER BY j.starts_at DESC LIMIT 1`,
  );
  const openJobIds = (
    await all(
      `SELECT id FROM jobs WHERE status = 'open' AND role = 'nurse' AND starts_at > now() ORDER BY id LIMIT 5`,
    )
  ).map((r) => r.id);
  const acceptors = await all(
    `SELECT u.email FROM users u JOIN professionals p ON p.user_id = u.id
      WHERE p.verified AND p.profession = 'caregiver' AND u.status = 'active' ORDER BY u.id LIMIT 100`,
  );
  const acceptJobIds = (
    await all(
      `SELECT id FROM jobs WHERE status = 'open' AND role = 'caregiver' AND starts_at > now() + interval '1 hour'
        ORDER BY starts_at, id`,
    )
  ).map((r) => r.id);
  // Accounts for the login load: distinct, so the per-account login limit is never what is measured.
  const loginEmails = (
    await all(
      `SELECT email FROM users WHERE role = 'professional' AND status = 'active' ORDER BY email LIMIT 1500`,
    )
  ).map((r) => r.email);
  const tracking = await one(`SELECT order_tracking_id FROM transactions LIMIT 1`);
  return {
    professional,
    institution: { email: institutionJob.email, jobId: institutionJob.id },
    openJobIds,
    acceptors,
    acceptJobIds,
    loginEmails,
    trackingId: tracking.order_tracking_id,
  };
}
