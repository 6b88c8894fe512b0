import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { IpnDispatcher } from './ipn-dispatcher.js';
import type { EmulatorState, FaultMode, Operation, OrderState, Switches } from './state.js';

/** Test-control API under /__emulator: drives outcomes, IPNs and faults; never mimics PesaPal. */
export function registerControlRoutes(app: FastifyInstance, state: EmulatorState, ipn: IpnDispatcher): void {
  const order = (id: string) => {
    const found = state.orders.get(id);
    if (!found) throw Object.assign(new Error(`No order ${id}`), { statusCode: 404 });
    return found;
  };

  app.post('/__emulator/reset', async () => {
    state.reset();
    return { ok: true };
  });
  app.post('/__emulator/tokens/expire', async () => {
    state.tokens.clear();
    return { ok: true };
  });
  app.get('/__emulator/calls', async () => state.calls);
  app.delete('/__emulator/calls', async () => {
    state.calls.length = 0;
    return { ok: true };
  });
  app.get('/__emulator/ipns', async () => state.ipns);
  app.get<{ Params: { id: string } }>('/__emulator/orders/:id', async (request) => order(request.params.id));

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
    '/__emulator/orders/:id/outcome',
    async (request) => {
      const target = order(request.params.id);
      const body = request.body ?? {};
      const status = String(body.status) as 'COMPLETED' | 'FAILED' | 'REVERSED' | 'INVALID';
      const next: Record<string, OrderState> = {
        COMPLETED: 'COMPLETED',
        FAILED: 'FAILED',
        REVERSED: 'REVERSED',
        INVALID: 'PENDING',
      };
      if (!next[status])
        throw Object.assign(new Error('status must be COMPLETED, FAILED, REVERSED or INVALID'), {
          statusCode: 400,
        });
      target.state = next[status];
      if (status === 'COMPLETED' || status === 'REVERSED') {
        target.paymentMethod = String(body.paymentMethod ?? (target.paymentMethod || 'MTNUG'));
        target.paymentAccount = String(body.paymentAccount ?? (target.paymentAccount || '25677xxx1234'));
        target.confirmationCode = String(
          body.confirmationCode ??
            (target.confirmationCode || `MTN${randomBytes(5).toString('hex').toUpperCase()}`),
        );
      }
      if (status === 'FAILED') target.failureDescription = String(body.description ?? 'Payment declined.');
      if (body.ipn !== 'none') ipn.schedule(target, Number(body.copies ?? 1));
      return target;
    },
  );

  app.post<{ Params: { id: string }; Body: { copies?: number; notificationType?: string } }>(
    '/__emulator/orders/:id/ipn',
    async (request) =>
      ipn.deliverNow(
        order(request.params.id),
        Number(request.body?.copies ?? 1),
        request.body?.notificationType,
      ),
  );

  app.get<{ Querystring: { orderTrackingId?: string } }>('/__emulator/ipn-attempts', async (request) =>
    state.ipnAttempts.filter(
      (a) => !request.query.orderTrackingId || a.orderTrackingId === request.query.orderTrackingId,
    ),
  );

  app.post<{ Body: { operation: Operation; mode: FaultMode; times?: number; delayMs?: number } }>(
    '/__emulator/faults',
    async (request) => {
      const { operation, mode, times, delayMs } = request.body;
      state.faults.set(operation, { mode, remaining: times ?? Number.POSITIVE_INFINITY, delayMs });
      return { ok: true };
    },
  );
  app.delete('/__emulator/faults', async () => {
    state.faults.clear();
    return { ok: true };
  });
  app.put<{ Body: Partial<Switches> }>('/__emulator/switches', async (request) => {
    state.switches = { ...state.switches, ...request.body };
    return state.switches;
  });

  app.post<{ Params: { id: string }; Body: { approve: boolean } }>(
    '/__emulator/refunds/:id/process',
    async (request) => {
      const target = order(request.params.id);
      if (!target.refund || target.refund.state !== 'pending') {
        throw Object.assign(new Error('No pending refund for this order'), { statusCode: 409 });
      }
      if (request.body.approve) {
        target.refund.state = 'approved';
        target.state = 'REVERSED';
        ipn.schedule(target);
      } else {
        target.refund.state = 'rejected';
      }
      return target;
    },
  );
}
