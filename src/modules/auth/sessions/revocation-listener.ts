import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DomainEvents } from '../../../common/events/domain-events.js';
import type { AppConfig } from '../../../config/configuration.js';
import { NotificationListener } from '../../../database/notification-listener.js';
import { afterCommit } from '../../../database/transaction-runner.js';
import { UsersService } from '../../users/users.service.js';
import { RevocationList } from './revocation-list.js';
import { parseRevocationNotice, REVOCATION_CHANNEL } from './revocation-notice.js';
import { SessionsRepository } from './sessions.repository.js';

/** How the listening connection shows in pg_stat_activity. */
export const REVOCATION_LISTENER_NAME = 'qgig-revocations';

/**
 * Keeps this instance's RevocationList current: LISTENs for the triggers' notices on a dedicated connection,
 * reloads the list in full after every (re)connection (notices sent while nobody listened are lost), and
 * marks it stale the moment the connection is lost. Also applies this instance's own user status changes
 * once they commit (`user.status_changed`), so it refuses at once rather than when its notice arrives.
 */
@Injectable()
export class RevocationListener implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RevocationListener.name);
  private readonly listener: NotificationListener;

  constructor(
    private readonly list: RevocationList,
    private readonly sessions: SessionsRepository,
    private readonly users: UsersService,
    private readonly events: DomainEvents,
    config: ConfigService<AppConfig, true>,
  ) {
    const { url } = config.get('database', { infer: true });
    if (!url) throw new Error('database.url must be resolved before the app module starts');
    this.listener = new NotificationListener({
      url,
      channel: REVOCATION_CHANNEL,
      applicationName: REVOCATION_LISTENER_NAME,
      onNotification: (payload) => this.receive(payload),
      onListening: () => this.reload(),
      onDown: () => list.markDown(),
    });
  }

  /** The listening connection's server process, while it is up. */
  get backendPid(): number | undefined {
    return this.listener.backendPid;
  }

  onModuleInit(): void {
    this.events.on('user.status_changed', async (em, event) => {
      // Taken while the transition holds the user's row locked.
      const mark = this.list.markUser();
      afterCommit(em, async () => this.list.applyUserChange(mark, event.userId, event.to));
    });
  }

  onApplicationBootstrap(): void {
    this.listener.start();
  }

  /** Before the connection pool closes, so a reload in progress still has it. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }

  private receive(payload: string): void {
    const notice = parseRevocationNotice(payload);
    if (notice) this.list.apply(notice);
    else this.logger.warn(`Ignoring an unknown notice on ${REVOCATION_CHANNEL}: ${payload.slice(0, 100)}`);
  }

  /** After LISTEN: everything the list keeps, read afresh; notices that arrive meanwhile are replayed over it. */
  private async reload(): Promise<void> {
    const epoch = this.list.beginLoad();
    const windowSeconds = Math.ceil(this.list.windowMs / 1000);
    const [sessions, users] = await Promise.all([
      this.sessions.listRevokedWithin(windowSeconds),
      this.users.listInactive(windowSeconds),
    ]);
    if (this.list.finishLoad(epoch, { sessions, users })) {
      this.logger.log(
        `Deny-list loaded: ${sessions.length} revoked sessions, ${users.length} inactive users`,
      );
    }
  }
}
