import { allPairs } from '../../common/state-machine/transition-table.js';
import { OUTBOX_TRANSITIONS, OutboxMailTransitions } from './outbox-mail.transitions.js';
import type { OutboxRepository } from './outbox.repository.js';

describe('outbox mail transitions', () => {
  const { allowed, refused } = allPairs(OUTBOX_TRANSITIONS);

  it('a pending mail is sent or given up on; sent and failed are final', () => {
    expect(allowed).toEqual([
      ['pending', 'sent'],
      ['pending', 'failed'],
    ]);
    expect(refused).toHaveLength(7);
  });

  it('writes the status only while the row is still pending, with the outcome', async () => {
    const writes: unknown[][] = [];
    const repository = {
      writeStatus: async (...args: unknown[]) => void writes.push(args),
    } as unknown as OutboxRepository;
    const transitions = new OutboxMailTransitions(repository);
    await transitions.markSent('m1');
    await transitions.markFailed('m2', 'SMTP 550', 900);
    expect(writes).toEqual([
      ['m1', 'pending', 'sent', { lastError: null }],
      ['m2', 'pending', 'failed', { lastError: 'SMTP 550', retryInSeconds: 900 }],
    ]);
  });
});
