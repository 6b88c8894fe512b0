import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { Public } from '../../common/auth/auth.decorators.js';
import { ApiProblem } from '../../common/openapi/api-problem.decorator.js';
import { HealthService } from './health.service.js';
import { LivenessResponseDto, ReadinessResponseDto } from './health.dto.js';

/** Load balancers and orchestrators poll these; they are never rate limited. */
const NOT_RATE_LIMITED = { rateLimit: false };

@ApiTags('Health')
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @RouteConfig(NOT_RATE_LIMITED)
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  @ApiOkResponse({ type: LivenessResponseDto })
  live(): LivenessResponseDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @RouteConfig(NOT_RATE_LIMITED)
  @ApiOperation({
    summary:
      'Readiness: the database (and Redis, with REDIS_URL) answers; load balancers route traffic only when 200',
  })
  @ApiOkResponse({ type: ReadinessResponseDto })
  @ApiProblem(503, 'A dependency is down (type not-ready, with checks)')
  ready(): Promise<ReadinessResponseDto> {
    return this.health.readiness();
  }
}
