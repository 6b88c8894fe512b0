import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../../common/events/domain-events.js';
import { ProfessionalsService } from '../professionals/professionals.service.js';
import { DocumentsRepository } from './documents.repository.js';

/**
 * A saved profile may have changed the profession, and with it the documents required: re-verify the
 * professional from their approved documents, in the transaction that saved the profile.
 */
@Injectable()
export class ProfessionalReverification implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly documents: DocumentsRepository,
    private readonly professionals: ProfessionalsService,
  ) {}

  onModuleInit(): void {
    this.events.on('professional.profile_saved', async (em, event) => {
      const approvedTypes = await this.documents.approvedTypesOf(em, event.userId);
      await this.professionals.recomputeVerified(em, event.userId, approvedTypes);
    });
  }
}
