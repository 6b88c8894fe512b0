import { registerUser } from './factories/accounts.js';
import { SmtpSink } from './helpers/smtp-sink.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';

describe('Mail outbox polling follows SCHEDULER_ENABLED', () => {
  let db: TestDatabase;
  let smtp: SmtpSink;
  const apps: TestApp[] = [];
  const start = async (schedulerEnabled: boolean) => {
    const app = await startTestApp({
      database: db,
      env: {
        SMTP_URL: smtp.url,
        OUTBOX_POLL_SECONDS: '0.1',
        SCHEDULER_ENABLED: String(schedulerEnabled),
      },
    });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    smtp = await SmtpSink.start();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await smtp.stop();
    await db.drop();
  });

  it('sends nothing with SCHEDULER_ENABLED=false; an instance with it on delivers the queued mail', async () => {
    const idle = await start(false);
    const user = await registerUser(idle);
    await new Promise((resolve) => setTimeout(resolve, 600)); // six poll intervals
    expect(smtp.mailsTo(user.email)).toEqual([]);
    const { rows } = await db.pool.query(`SELECT status, attempts FROM mail_outbox WHERE user_id = $1`, [
      user.id,
    ]);
    expect(rows).toEqual([{ status: 'pending', attempts: 0 }]);

    await start(true);
    const mail = await smtp.waitFor((m) => m.to.includes(user.email.toLowerCase()), 5_000);
    expect(mail.subject).toMatch(/Confirm your email/);
  });
});
