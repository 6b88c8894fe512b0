import { ApiResponse } from '@nestjs/swagger';
import { ProblemDetailsDto } from './problem-details.dto.js';

/** Documents an error answer: its status, when it happens, and the problem+json body. */
export function ApiProblem(status: number, description: string): MethodDecorator & ClassDecorator {
  return ApiResponse({
    status,
    description,
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } },
  });
}

export { ProblemDetailsDto };
