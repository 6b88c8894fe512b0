import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '../../config/configuration.js';
import { FieldErrorDto, ProblemDetailsDto } from './problem-details.dto.js';

export const BEARER_SCHEME = 'bearer';

/** Swagger UI at /docs and the OpenAPI 3 document at /docs-json. */
export function setupSwagger(app: INestApplication, config: AppConfig): void {
  const document = new DocumentBuilder()
    .setTitle('Qgig API')
    .setDescription(
      'Find a verified substitute teacher, nurse or caregiver for a day in Uganda and pay through PesaPal. ' +
        'Every error is RFC 9457 problem+json (see the ProblemDetailsDto schema) and carries the requestId ' +
        'that is also echoed in the X-Request-Id header.',
    )
    .setVersion('1')
    .addServer(config.http.publicUrl)
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from /auth/login' },
      BEARER_SCHEME,
    )
    .build();
  SwaggerModule.setup(
    'docs',
    app,
    () =>
      SwaggerModule.createDocument(app, document, {
        extraModels: [ProblemDetailsDto, FieldErrorDto],
      }),
    {
      jsonDocumentUrl: 'docs-json',
      customSiteTitle: 'Qgig API',
    },
  );
}
