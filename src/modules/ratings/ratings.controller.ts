import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import { Auth, ClientMeta, CurrentUser } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { PageQueryDto } from '../../common/pagination/page-query.dto.js';
import { UuidParam } from '../../common/validation/uuid-param.js';
import { CreateRatingDto, RatingDto, RatingPageDto } from './ratings.dto.js';
import { RatingsService } from './ratings.service.js';

@ApiTags('Ratings')
@Controller()
export class RatingsController {
  constructor(private readonly ratings: RatingsService) {}

  @Post('jobs/:id/ratings')
  @Auth('institution', 'professional')
  @ApiOperation({
    summary: 'Rate the other side of a completed job (once, within 14 days)',
    description: 'Double-blind: hidden until the other side rates too or the 14-day window closes.',
  })
  @ApiCreatedResponse({ type: RatingDto })
  @ApiProblem(400, 'Stars not 1–5, or a bad comment')
  @ApiProblem(404, 'No such job of yours')
  @ApiProblem(409, 'Not completed (rating-not-open), window closed, or already rated by you')
  rate(
    @CurrentUser() user: AuthContext,
    @UuidParam() jobId: string,
    @Body() dto: CreateRatingDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<RatingDto> {
    return this.ratings.rate(user, jobId, dto, meta);
  }

  @Get('professionals/:id/ratings')
  @Auth()
  @ApiOperation({ summary: 'Visible ratings of a professional, newest first' })
  @ApiOkResponse({ type: RatingPageDto })
  @ApiProblem(400, 'Bad id, limit or cursor')
  professionalRatings(@UuidParam() id: string, @Query() query: PageQueryDto): Promise<RatingPageDto> {
    return this.ratings.listFor(id, 'professional', query.limit, query.cursor);
  }

  @Get('institutions/:id/ratings')
  @Auth()
  @ApiOperation({ summary: 'Visible ratings of an institution, newest first' })
  @ApiOkResponse({ type: RatingPageDto })
  @ApiProblem(400, 'Bad id, limit or cursor')
  institutionRatings(@UuidParam() id: string, @Query() query: PageQueryDto): Promise<RatingPageDto> {
    return this.ratings.listFor(id, 'institution', query.limit, query.cursor);
  }
}
