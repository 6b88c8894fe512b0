import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainEvent, DomainEventType } from './domain-event.types.js';

type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
type Handler<T extends DomainEventType> = (em: EntityManager, event: EventOf<T>) => Promise<void>;

/**
 * In-process domain events, delivered synchronously inside the publisher's transaction: a handler writes
 * through the same `em`, so the reaction commits or rolls back with the state change that caused it, and a
 * handler that throws aborts both. This is how one module reacts to another's state change without writing
 * its tables (payment completed → jobs marks the job paid). Handlers registered by a module's
 * `onModuleInit`; they run in registration order. Nothing here leaves the process.
 */
@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<DomainEventType, Handler<DomainEventType>[]>();

  on<T extends DomainEventType>(type: T, handler: Handler<T>): void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler as unknown as Handler<DomainEventType>);
    this.handlers.set(type, list);
  }

  async publish(em: EntityManager, event: DomainEvent): Promise<void> {
    for (const handler of this.handlers.get(event.type) ?? []) {
      await handler(em, event as EventOf<DomainEventType>);
    }
  }
}
