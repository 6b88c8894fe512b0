import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../config/configuration.js';
import { ProfessionalsModule } from '../professionals/professionals.module.js';
import { UsersModule } from '../users/users.module.js';
import { AdminDocumentsController } from './admin-documents.controller.js';
import { DocumentReviewService } from './document-review.service.js';
import { DocumentTransitions } from './document.transitions.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsRepository } from './documents.repository.js';
import { DocumentsService } from './documents.service.js';
import { ProfessionalReverification } from './professional-reverification.js';
import { FileStorage } from './storage/file-storage.js';
import { LocalDiskStorage } from './storage/local-disk.storage.js';

@Module({
  imports: [UsersModule, ProfessionalsModule],
  controllers: [DocumentsController, AdminDocumentsController],
  providers: [
    DocumentsRepository,
    DocumentsService,
    DocumentReviewService,
    DocumentTransitions,
    ProfessionalReverification,
    {
      provide: FileStorage,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) =>
        new LocalDiskStorage(config.get('storage', { infer: true }).dir),
    },
  ],
  exports: [DocumentsService],
})
export class VerificationModule {}
