import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Auth, ClientMeta, CurrentUser } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { DocumentReviewService } from './document-review.service.js';
import {
  AdminDocumentPageDto,
  DocumentDto,
  DocumentQueueQueryDto,
  PendingProfessionalPageDto,
  RejectDocumentDto,
} from './dto/documents.dto.js';

@ApiTags('Admin')
@Controller('admin')
@Auth('admin')
export class AdminDocumentsController {
  constructor(private readonly review: DocumentReviewService) {}

  @Get('documents')
  @ApiOperation({ summary: 'Documents by status, oldest first (default: the pending review queue)' })
  @ApiOkResponse({ type: AdminDocumentPageDto })
  @ApiProblem(400, 'Bad status, limit or cursor')
  list(@Query() query: DocumentQueueQueryDto): Promise<AdminDocumentPageDto> {
    return this.review.list(query.status, query.limit, query.cursor);
  }

  @Post('documents/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a pending document; the professional is re-verified and notified' })
  @ApiOkResponse({ type: DocumentDto })
  @ApiProblem(404, 'No such document')
  @ApiProblem(409, 'Already reviewed (type document-already-reviewed)')
  approve(
    @CurrentUser() admin: AuthContext,
    @UuidParam() id: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<DocumentDto> {
    return this.review.approve(admin.userId, id, meta);
  }

  @Post('documents/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a pending document with a reason the professional will see' })
  @ApiOkResponse({ type: DocumentDto })
  @ApiProblem(400, 'Reason missing or too short')
  @ApiProblem(404, 'No such document')
  @ApiProblem(409, 'Already reviewed (type document-already-reviewed)')
  reject(
    @CurrentUser() admin: AuthContext,
    @UuidParam() id: string,
    @Body() dto: RejectDocumentDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<DocumentDto> {
    return this.review.reject(admin.userId, id, dto.reason, meta);
  }

  @Get('professionals/pending')
  @ApiOperation({ summary: 'Professionals with documents awaiting review, longest-waiting first' })
  @ApiOkResponse({ type: PendingProfessionalPageDto })
  @ApiProblem(400, 'Bad limit or cursor')
  pending(@Query() query: PageQueryDto): Promise<PendingProfessionalPageDto> {
    return this.review.pendingProfessionals(query.limit, query.cursor);
  }
}
