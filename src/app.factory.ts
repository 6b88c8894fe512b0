import type { RequestListener } from 'node:http';
import fastifyCors from '@fastify/cors';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppLogger } from './common/logging/app-logger.js';
import { createRootLogger } from './common/logging/logger-options.js';
import {
  lazyChildLogger,
  registerRequestScope,
  RequestLogController,
} from './common/logging/request-logging.js';
import { registerMultipart } from './common/http/multipart.js';
import { registerRateLimit } from './common/http/rate-limit.js';
import { acceptOnSeveralSockets } from './common/http/accept-sockets.js';
import { CorsPolicy } from './common/http/cors-policy.js';
import { LoadShedder } from './common/http/load-shedding.js';
import { registerResponseHeaders, securityHeaders } from './common/http/security-headers.js';
import { requestIdFor } from './common/http/request-id.js';
import { registerTextInputRule } from './common/http/text-input.hook.js';
import { setupSwagger } from './common/openapi/swagger.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';
import type { AppConfig } from './config/configuration.js';
import { AppModule, type AppModuleOptions } from './app.module.js';

export const API_PREFIX = 'api/v1';

/** Builds the application exactly as production runs it; tests call this too. */
export async function createApp(
  config: AppConfig,
  options: AppModuleOptions = {},
): Promise<NestFastifyApplication> {
  const logger = createRootLogger(config, options.logDestination);
  const headers = securityHeaders(config);
  const cors = new CorsPolicy(config.http.corsOrigins);
  const shedder = new LoadShedder(config.http.admission, headers, cors, logger);
  const adapter = new FastifyAdapter({
    serverFactory: (handler: RequestListener, options: Record<string, unknown>) => {
      const server = shedder.serverFactory(handler, options);
      acceptOnSeveralSockets(server, config.http.acceptSockets);
      return server;
    },
    loggerInstance: logger,
    logController: new RequestLogController(),
    childLoggerFactory: lazyChildLogger,
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    genReqId: requestIdFor,
    return503OnClosing: true,
    // No Nest middleware here (request logging and headers are Fastify hooks), so no @fastify/middie
    // hook on every request. Adding a Nest middleware would need middie registered first.
    skipMiddie: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, {
    bufferLogs: true,
  });
  app.useLogger(new AppLogger(logger));
  app.flushLogs();
  await configureApp(app, config, headers, cors);
  return app;
}

async function configureApp(
  app: NestFastifyApplication,
  config: AppConfig,
  headers: Record<string, string>,
  cors: CorsPolicy,
): Promise<void> {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  // Before the rate limit's hook, so a 429 carries the security headers and the request id too.
  const fastify = app.getHttpAdapter().getInstance();
  registerResponseHeaders(fastify, headers);
  registerRequestScope(fastify);
  // As a Fastify plugin rather than Nest's enableCors, which also copies the headers onto the raw response.
  await app.register(fastifyCors, cors.fastifyOptions);
  await registerRateLimit(app, config);
  await registerMultipart(app);
  registerTextInputRule(app);
  setupSwagger(app, config);
}
