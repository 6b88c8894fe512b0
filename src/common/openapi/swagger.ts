import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { AppConfig } from '../../config/configuration.js';
import { FieldErrorDto, ProblemDetailsDto } from './problem-details.dto.js';

export const BEARER_SCHEME = 'bearer';

/**
 * What `@Public()` records as the security of an operation: the empty requirement (anyone). @nestjs/swagger
 * drops an empty `security` list, so this stands in for it and `setupSwagger` writes the list OpenAPI
 * means for "no token needed", `security: []`.
 */
export const NO_SECURITY_REQUIREMENT = {};

/** Every tag an operation uses, in the order Swagger UI shows them. */
export const API_TAGS: readonly { name: string; description: string }[] = [
  {
    name: 'Auth',
    description: 'Sign-up, login, token refresh, sessions, email verification, passwords and 2FA',
  },
  { name: 'Me', description: 'The signed-in account: settings, data export, deletion' },
  { name: 'Profiles', description: 'Professional and institution profiles, and credential documents' },
  { name: 'Jobs', description: 'Posting, discovering, accepting, cancelling and completing jobs' },
  {
    name: 'Shifts',
    description: 'Booked shifts: confirmation, attendance codes, check-in and check-out, no-show reports',
  },
  { name: 'Payments', description: 'Paying for accepted jobs through PesaPal, and PesaPal’s notifications' },
  {
    name: 'Money',
    description: 'Earnings, payouts and statements for professionals; credit and receipts for institutions',
  },
  {
    name: 'Disputes',
    description: 'Disputes about paid or completed jobs, and their resolution by an admin',
  },
  {
    name: 'Timesheets',
    description: 'The hours a professional worked on a paid job, approved or disputed by the institution',
  },
  { name: 'Ratings', description: 'Double-blind ratings after a completed job' },
  { name: 'Notifications', description: 'In-app notifications of the signed-in user' },
  { name: 'Catalogue', description: 'Reference lists for forms: districts and skills' },
  {
    name: 'Admin',
    description: 'Document review, users, oversight of jobs and payments, metrics, audit log',
  },
  { name: 'Health', description: 'Liveness and readiness probes for load balancers and orchestrators' },
];

/** Swagger UI at /docs and the OpenAPI 3 document at /docs-json. */
export function setupSwagger(app: INestApplication, config: AppConfig): void {
  const builder = new DocumentBuilder()
    .setTitle('Qgig API')
    .setDescription(
      'Find a verified substitute teacher, nurse or caregiver for a day in Uganda and pay through PesaPal. ' +
        'Every error is RFC 9457 problem+json (see the ProblemDetailsDto schema) and carries the requestId ' +
        'that is also echoed in the X-Request-Id header.',
    )
    .setVersion('1')
    // Relative: the instance that serves this document, whichever address it was reached at.
    .addServer('/', `This instance (public address ${config.http.publicUrl})`)
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from /auth/login' },
      BEARER_SCHEME,
    );
  for (const tag of API_TAGS) builder.addTag(tag.name, tag.description);
  const options = builder.build();
  options.info.contact = { name: 'Qgig support', email: 'support@qgig.ug' };
  // Closed source: no licence text to link (see redocly.yaml).
  options.info.license = { name: 'Proprietary' };
  SwaggerModule.setup(
    'docs',
    app,
    () =>
      withPublicOperationsUnsecured(
        SwaggerModule.createDocument(app, options, { extraModels: [ProblemDetailsDto, FieldErrorDto] }),
      ),
    {
      jsonDocumentUrl: 'docs-json',
      customSiteTitle: 'Qgig API',
    },
  );
}

function withPublicOperationsUnsecured(document: OpenAPIObject): OpenAPIObject {
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem)) {
      const security = (operation as { security?: unknown[] } | undefined)?.security;
      if (Array.isArray(security) && security.length === 1 && isEmptyObject(security[0])) {
        (operation as { security: unknown[] }).security = [];
      }
    }
  }
  return document;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}
