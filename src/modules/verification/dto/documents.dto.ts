import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page-query.dto.js';
import { Trim } from '../../../common/validation/trim.js';
import { PROFESSIONS, type Profession } from '../../catalogue/professions.js';
import { DOCUMENT_TYPES, type DocumentType } from '../../professionals/verification-rule.js';
import type { DocumentStatus } from '../document.entity.js';
import { DOCUMENT_CONTENT_TYPES, type DocumentContentType } from '../file-signature.js';
import { PageOf } from '../../../common/pagination/page.dto.js';

const STATUSES = ['pending', 'approved', 'rejected'] as const;

/** The non-file fields of the multipart upload, validated like any body. */
export class DocumentUploadFieldsDto {
  @ApiProperty({ enum: DOCUMENT_TYPES, example: 'nin' })
  @IsIn(DOCUMENT_TYPES, { message: `must be one of: ${DOCUMENT_TYPES.join(', ')}` })
  docType!: DocumentType;
}

/** For Swagger UI: the multipart body with its file picker. */
export class DocumentUploadBodyDto extends DocumentUploadFieldsDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, JPEG or PNG, at most 5 MB' })
  file!: unknown;
}

export class DocumentDto {
  @ApiProperty({ format: 'uuid', example: '3f1e2d4c-5b6a-4789-8abc-def012345678' })
  id!: string;

  @ApiProperty({ enum: DOCUMENT_TYPES, example: 'nin' })
  docType!: DocumentType;

  @ApiProperty({ enum: STATUSES, example: 'pending' })
  status!: DocumentStatus;

  @ApiProperty({ enum: DOCUMENT_CONTENT_TYPES, example: 'application/pdf', description: 'From the bytes' })
  contentType!: DocumentContentType;

  @ApiProperty({ example: 184320 })
  sizeBytes!: number;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why an admin rejected it' })
  rejectionReason!: string | null;

  @ApiProperty({ example: '2026-11-24T08:30:00.000Z' })
  uploadedAt!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  reviewedAt!: string | null;
}

export class DocumentPageDto extends PageOf(DocumentDto) {}

export class DocumentOwnerDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Grace Nakato' })
  name!: string;

  @ApiProperty({ enum: PROFESSIONS, nullable: true, example: 'nurse', description: 'null before a profile' })
  profession!: Profession | null;
}

export class AdminDocumentDto extends DocumentDto {
  @ApiProperty({ type: DocumentOwnerDto })
  professional!: DocumentOwnerDto;
}

export class AdminDocumentPageDto extends PageOf(AdminDocumentDto) {}

export class DocumentQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATUSES, default: 'pending' })
  @IsOptional()
  @IsIn(STATUSES)
  status: DocumentStatus = 'pending';
}

export class RejectDocumentDto {
  @ApiProperty({
    example: 'The photo of the NIN card is blurred; upload a sharp scan of both sides.',
    minLength: 5,
    maxLength: 500,
    description: 'Shown to the professional: say what to fix',
  })
  @Trim()
  @IsString()
  @Length(5, 500)
  reason!: string;
}

export class PendingProfessionalDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Grace Nakato' })
  name!: string;

  @ApiProperty({ enum: PROFESSIONS, nullable: true, example: 'nurse' })
  profession!: Profession | null;

  @ApiProperty({ type: String, nullable: true, example: 'Wakiso' })
  district!: string | null;

  @ApiProperty({ example: false })
  verified!: boolean;

  @ApiProperty({ example: 2 })
  pendingDocuments!: number;

  @ApiProperty({ example: '2026-11-24T08:30:00.000Z' })
  oldestPendingAt!: string;
}

export class PendingProfessionalPageDto extends PageOf(PendingProfessionalDto) {}
