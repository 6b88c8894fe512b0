import { Controller, Get, Post, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Auth, ClientMeta, CurrentUser } from '../../common/auth/auth.decorators.js';
import { readSingleFileUpload } from '../../common/http/multipart.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { RequestValidationError } from '../../common/validation/request-validation.error.js';
import { createValidationPipe } from '../../common/validation/validation.pipe.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { DocumentsService } from './documents.service.js';
import {
  DocumentDto,
  DocumentPageDto,
  DocumentUploadBodyDto,
  DocumentUploadFieldsDto,
} from './dto/documents.dto.js';

@ApiTags('Profiles')
@Controller('professional/documents')
export class DocumentsController {
  private readonly fieldsPipe = createValidationPipe();

  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @Auth('professional')
  @ApiOperation({
    summary: 'Upload a credential document for review',
    description:
      'The type is decided from the file content (PDF, JPEG or PNG); the file is stored encrypted and ' +
      'queued for an admin. One document per type can wait for review at a time.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: DocumentUploadBodyDto })
  @ApiCreatedResponse({ type: DocumentDto })
  @ApiProblem(400, 'docType missing or unknown, or no file part')
  @ApiProblem(409, 'A document of this type is already waiting for review (type document-pending)')
  @ApiProblem(413, 'File over 5 MB (type file-too-large)')
  @ApiProblem(415, 'Not a PDF, JPEG or PNG by content, or the body is not multipart/form-data')
  async upload(
    @CurrentUser() user: AuthContext,
    @Req() request: FastifyRequest,
    @ClientMeta() meta: RequestMeta,
  ): Promise<DocumentDto> {
    const { fields, file } = await readSingleFileUpload(request, 'file');
    const { docType } = (await this.fieldsPipe.transform(fields, {
      type: 'body',
      metatype: DocumentUploadFieldsDto,
    })) as DocumentUploadFieldsDto;
    if (!file) {
      throw new RequestValidationError([
        { field: 'file', message: 'is required: attach the document as "file"' },
      ]);
    }
    return this.documents.upload(user.userId, docType, file, meta);
  }

  @Get()
  @Auth('professional')
  @ApiOperation({
    summary: 'Your documents, newest first, with their review status and any rejection reason',
  })
  @ApiOkResponse({ type: DocumentPageDto })
  @ApiProblem(400, 'Bad limit or cursor')
  list(@CurrentUser() user: AuthContext, @Query() query: PageQueryDto): Promise<DocumentPageDto> {
    return this.documents.listOwn(user.userId, query.limit, query.cursor);
  }

  @Get(':id/file')
  @Auth('professional', 'admin')
  @ApiOperation({ summary: 'Download a document, decrypted (owner or admin; admin reads are audit-logged)' })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiOkResponse({ description: 'The original file bytes', schema: { type: 'string', format: 'binary' } })
  @ApiProblem(404, 'No such document, or not yours')
  async file(
    @CurrentUser() user: AuthContext,
    @UuidParam() id: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<StreamableFile> {
    const file = await this.documents.open(user, id, meta);
    return new StreamableFile(file.data, {
      type: file.contentType,
      disposition: `attachment; filename="${file.fileName}"`,
      length: file.data.length,
    });
  }
}
