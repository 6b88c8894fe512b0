import helmet from '@fastify/helmet';
import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { registerMultipart } from './common/http/multipart.js';
import { registerRateLimit } from './common/http/rate-limit.js';
import { REQUEST_ID_HEADER, requestIdFor } from './common/http/request-id.js';
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
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    genReqId: requestIdFor,
    return503OnClosing: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, {
    bufferLogs: true,
  });
  await configureApp(app, config);
  return app;
}

export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.enableCors({
    origin: config.http.corsOrigins.includes('*') ? true : config.http.corsOrigins,
    credentials: !config.http.corsOrigins.includes('*'),
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
  });
  await app.register(helmet, {
    // Swagger UI at /docs needs inline styles and data: images; everything else stays same-origin.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        upgradeInsecureRequests: config.env === 'production' ? [] : null,
      },
    },
    // Telling browsers "HTTPS only" for localhost would break every other local project.
    strictTransportSecurity: config.env === 'production',
  });
  await registerRateLimit(app, config);
  await registerMultipart(app);
  registerTextInputRule(app);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', async (request, reply) => {
      void reply.header(REQUEST_ID_HEADER, request.id);
    });
  setupSwagger(app, config);
}
