import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import {
  acceptedJob,
  emulatorControl,
  eventually,
  initiatePayment,
  transactionRow,
} from './factories/payments.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

/** Debian's Chromium (`apt-get install chromium`); never a downloaded browser. `.ci/run` installs it. */
const CHROMIUM = '/usr/bin/chromium';
const FRONTEND = 'http://localhost:5173';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `Skipping the hosted-page browser test: ${CHROMIUM} is not installed (apt-get install chromium).`,
  );
}

(hasChromium ? describe : describe.skip)('Hosted payment page in a real browser', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('a payer clicks "Pay with MTN" and lands on the SPA result page with the job paid', async () => {
    const { institution, job } = await acceptedJob(t);
    const payment = await initiatePayment(t, institution, job.id);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      // The SPA is not running in tests: answer its result page ourselves.
      await page.route(`${FRONTEND}/**`, (route) =>
        route.fulfill({ contentType: 'text/html', body: '<h1>Payment result</h1>' }),
      );
      await page.goto(payment.redirectUrl);
      await page.click('#pay-mtn');
      await page.waitForURL(`${FRONTEND}/payments/result**`);
      const result = new URL(page.url());
      expect(result.searchParams.get('transactionId')).toBe(payment.transactionId);
      expect(result.searchParams.get('status')).toBe('completed');
      expect(await page.textContent('h1')).toBe('Payment result');
    } finally {
      await browser.close();
    }
    await eventually(async () =>
      (await emulatorControl(t).ipnAttempts(payment.orderTrackingId)).some((a) => a.acknowledged),
    );
    expect(await transactionRow(t, payment.transactionId)).toEqual(
      expect.objectContaining({ status: 'completed', job_status: 'paid' }),
    );
  });
});
