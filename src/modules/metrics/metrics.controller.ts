import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../../common/auth/auth.decorators.js';
import { MetricsService } from './metrics.service.js';
import { MetricsTokenGuard } from './metrics-token.guard.js';

/** Prometheus scrapes this (outside /api/v1, like /health). Not a JSON API, so not in the OpenAPI document. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Public() // no user access token: MetricsTokenGuard checks METRICS_TOKEN instead
  @UseGuards(MetricsTokenGuard)
  @RouteConfig({ rateLimit: false })
  @ApiExcludeEndpoint()
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const text = await this.metrics.render();
    void reply.header('content-type', this.metrics.contentType);
    return text;
  }
}
