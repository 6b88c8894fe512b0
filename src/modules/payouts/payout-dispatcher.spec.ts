import type { EntityManager } from 'typeorm';
import type { TransactionRunner } from '../../database/transaction-runner.js';
import { PayoutDispatcher } from './payout-dispatcher.js';
import { ManualPayoutProvider, type PayoutDispatch, type PayoutProvider } from './payout-provider.js';
import type { Payout } from './payout.entity.js';
import type { PayoutTransitions } from './payout.transitions.js';

const payout = {
  id: '6a1f0c3e-9b2d-4e7a-8c5f-1d3b5a7c9e0f',
  amount: 50_000,
  currency: 'UGX',
  provider: 'mtn',
  phone: '+256772123456',
  accountName: 'Grace Nakato',
} as Payout;

/** A dispatcher over a fake provider; records the transitions it asks for. */
function dispatcherWith(provider: PayoutProvider) {
  const moves: unknown[][] = [];
  const em = {} as EntityManager;
  const transactions = { run: (work: (em: EntityManager) => Promise<unknown>) => work(em) };
  const transitions = {
    transition: (...args: unknown[]) => {
      moves.push(args.slice(1));
      return Promise.resolve(payout);
    },
  };
  const dispatcher = new PayoutDispatcher(
    provider,
    transactions as unknown as TransactionRunner,
    transitions as unknown as PayoutTransitions,
  );
  return { dispatcher, moves };
}

function answering(answer: PayoutDispatch | Error): PayoutProvider & { sent: unknown[] } {
  const sent: unknown[] = [];
  return {
    name: 'fake-momo',
    sent,
    send: (instruction) => {
      sent.push(instruction);
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
  };
}

describe('PayoutDispatcher: any PayoutProvider plugs in', () => {
  it('the manual provider answers submitted: the payout stays requested for an admin', async () => {
    const { dispatcher, moves } = dispatcherWith(new ManualPayoutProvider());
    expect(await dispatcher.dispatch(payout)).toEqual({ status: 'submitted' });
    expect(moves).toEqual([]);
  });

  it('sends the payout id as the idempotency key with network, phone, name and amount', async () => {
    const provider = answering({ status: 'submitted', reference: 'X1' });
    await dispatcherWith(provider).dispatcher.dispatch(payout);
    expect(provider.sent).toEqual([
      {
        payoutId: payout.id,
        amount: 50_000,
        currency: 'UGX',
        network: 'mtn',
        phone: '+256772123456',
        accountName: 'Grace Nakato',
      },
    ]);
  });

  it('a provider that pays at once moves the payout to paid with its reference, as the system', async () => {
    const { dispatcher, moves } = dispatcherWith(answering({ status: 'paid', reference: 'MP2611.1234' }));
    await dispatcher.dispatch(payout);
    expect(moves).toEqual([
      [
        payout.id,
        'paid',
        { userId: null },
        { reference: 'MP2611.1234', auditDetails: { provider: 'fake-momo' } },
      ],
    ]);
  });

  it('a provider that refuses moves it to failed with the reason', async () => {
    const { dispatcher, moves } = dispatcherWith(answering({ status: 'failed', reason: 'Unknown wallet' }));
    await dispatcher.dispatch(payout);
    expect(moves).toEqual([
      [
        payout.id,
        'failed',
        { userId: null },
        { reason: 'Unknown wallet', auditDetails: { provider: 'fake-momo' } },
      ],
    ]);
  });

  it('a provider that throws leaves the payout requested', async () => {
    const { dispatcher, moves } = dispatcherWith(answering(new Error('ECONNRESET')));
    expect(await dispatcher.dispatch(payout)).toBeNull();
    expect(moves).toEqual([]);
  });
});
