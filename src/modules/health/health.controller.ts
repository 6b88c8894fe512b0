import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { ProblemDetailsDto } from '../../common/openapi/problem-details.dto.js';
import { HealthService } from './health.service.js';
import { LivenessResponseDto, ReadinessResponseDto } from './health.dto.js';

@ApiTags('Health')
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  @ApiOkResponse({ type: LivenessResponseDto })
  live(): LivenessResponseDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the database answers; load balancers route traffic only when 200' })
  @ApiOkResponse({ type: ReadinessResponseDto })
  @ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'A dependency is down' })
  ready(): Promise<ReadinessResponseDto> {
    return this.health.readiness();
  }
}
