import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { UploadedFile } from '../../common/http/multipart.js';
import type { AppConfig } from '../../config/configuration.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { AuditService } from '../audit/audit.service.js';
import type { DocumentType } from '../professionals/verification-rule.js';
import { UsersService } from '../users/users.service.js';
import { toDocumentDto } from './document.mapper.js';
import { DocumentsRepository } from './documents.repository.js';
import type { DocumentDto, DocumentPageDto } from './dto/documents.dto.js';
import { detectDocumentType, FILE_EXTENSIONS, type DocumentContentType } from './file-signature.js';
import { decryptFile, encryptFile } from './storage/file-encryption.js';
import { FileStorage } from './storage/file-storage.js';

export interface DocumentFile {
  data: Buffer;
  contentType: DocumentContentType;
  fileName: string;
}

/** A professional's credential files: encrypted upload, own list, decrypted download for owner or admin. */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);
  private readonly key: Buffer;

  constructor(
    private readonly documents: DocumentsRepository,
    private readonly transactions: TransactionRunner,
    private readonly storage: FileStorage,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.key = config.get('storage', { infer: true }).documentsKey;
  }

  /**
   * Stores the file encrypted and queues it for review. The row is inserted before the file is written
   * (so a refused duplicate writes nothing) and the file is removed again if the transaction fails.
   */
  async upload(
    userId: string,
    docType: DocumentType,
    file: UploadedFile,
    meta: RequestMeta,
  ): Promise<DocumentDto> {
    const contentType = detectDocumentType(file.data);
    if (!contentType) {
      throw new DomainError(
        'UNSUPPORTED_FILE_TYPE',
        'The file is not a PDF, JPEG or PNG (judged by its content, not its name). Scan or export it as one of these.',
        { accepted: Object.keys(FILE_EXTENSIONS) },
      );
    }
    const id = randomUUID();
    const name = randomBytes(16).toString('hex');
    const storageKey = `documents/${name.slice(0, 2)}/${name}.bin`;
    let written = false;
    try {
      const document = await this.transactions.run(async (em) => {
        await this.users.lockLive(em, userId);
        const inserted = await this.documents.insertPending(em, {
          id,
          professionalId: userId,
          docType,
          contentType,
          sizeBytes: file.data.length,
          sha256: createHash('sha256').update(file.data).digest('hex'),
          storageKey,
        });
        await this.storage.put(storageKey, encryptFile(file.data, this.key, id));
        written = true;
        await this.audit.record(
          {
            action: 'document.uploaded',
            actorId: userId,
            target: { type: 'document', id },
            meta,
            details: { docType, contentType, sizeBytes: file.data.length },
          },
          em,
        );
        return inserted;
      });
      return toDocumentDto(document);
    } catch (error) {
      if (written) await this.removeFile(storageKey);
      throw error;
    }
  }

  async listOwn(userId: string, limit: number, cursor?: string): Promise<DocumentPageDto> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows = await this.documents.listOwnPage(userId, limit + 1, after);
    return toPage(rows, limit, (d) => [d.createdAt.toISOString(), d.id], toDocumentDto);
  }

  /**
   * The decrypted file for its owner or an admin; anyone else gets the same 404 as for a missing id.
   * Decrypted in full before sending, so a tampered file fails as a whole instead of half-streaming.
   * Every admin read is audit-logged.
   */
  async open(caller: AuthContext, id: string, meta: RequestMeta): Promise<DocumentFile> {
    const document = await this.documents.findById(id);
    if (!document || (caller.role !== 'admin' && document.professionalId !== caller.userId)) {
      throw new DomainError('NOT_FOUND', 'No document with this id.');
    }
    const data = decryptFile(await this.storage.get(document.storageKey), this.key, document.id);
    if (caller.role === 'admin') {
      await this.audit.record({
        action: 'document.downloaded',
        actorId: caller.userId,
        target: { type: 'document', id: document.id },
        meta,
        details: { professionalId: document.professionalId, docType: document.docType },
      });
    }
    return {
      data,
      contentType: document.contentType,
      fileName: `${document.docType}-${document.id}.${FILE_EXTENSIONS[document.contentType]}`,
    };
  }

  /** A user's documents for their data export (metadata, named columns), oldest first. */
  exportRowsFor(userId: string): Promise<Record<string, unknown>[]> {
    return this.documents.exportRowsOf(userId);
  }

  /**
   * Deletes a user's document rows in the caller's transaction and returns a function that removes their
   * files; call it after the commit (a rolled-back deletion must keep its files).
   */
  async eraseAllFor(em: EntityManager, userId: string): Promise<() => Promise<void>> {
    const documents = await this.documents.findAllOf(em, userId);
    await this.documents.deleteAllOf(em, userId);
    return async () => {
      for (const document of documents) await this.removeFile(document.storageKey);
    };
  }

  private async removeFile(storageKey: string): Promise<void> {
    try {
      await this.storage.delete(storageKey);
    } catch (error) {
      this.logger.error({ err: error, storageKey }, 'Could not remove a document file; remove it by hand');
    }
  }
}
