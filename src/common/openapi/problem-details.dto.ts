import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' })
  field!: string;

  @ApiProperty({ example: 'email must be an email' })
  message!: string;
}

/** Documents the RFC 9457 body every error response carries (Content-Type application/problem+json). */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'https://qgig.ug/problems/validation-failed' })
  type!: string;

  @ApiProperty({ example: 'Bad Request' })
  title!: string;

  @ApiProperty({ example: 400 })
  status!: number;

  @ApiProperty({ example: 'The request has an invalid field: email. See errors.' })
  detail!: string;

  @ApiProperty({ example: '/api/v1/auth/register' })
  instance!: string;

  @ApiProperty({ example: '0d4c7f9e-8a51-4f6e-9a55-0f1c2b3d4e5f' })
  requestId!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Present on validation failures' })
  errors?: FieldErrorDto[];
}
