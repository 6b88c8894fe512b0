import { OutboxWorker } from '../../src/modules/mail/outbox.worker.js';
import type { TestApp } from './test-app.js';

/**
 * Sends every mail that is due in the app's outbox, as the scheduler's next ticks would. Test apps run with
 * SCHEDULER_ENABLED=false, so mail leaves only when a test calls this. Failed sends are rescheduled with
 * backoff (no longer due), so this always ends.
 */
export async function deliverDueMail(t: TestApp): Promise<{ sent: number; failed: number }> {
  const worker = t.app.get(OutboxWorker);
  const total = { sent: 0, failed: 0 };
  for (;;) {
    const { sent, failed } = await worker.run();
    if (sent + failed === 0) return total;
    total.sent += sent;
    total.failed += failed;
  }
}
