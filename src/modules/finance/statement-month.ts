import { Param, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { kampalaParts } from '../../common/time/kampala-calendar.js';
import { RequestValidationError } from '../../common/validation/request-validation.error.js';

export interface StatementMonth {
  year: number;
  /** 1–12 */
  month: number;
  /** `2026-11` */
  text: string;
}

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
/** No earnings exist before Qgig did; also keeps years PostgreSQL and Date agree on. */
const FIRST_YEAR = 2020;

/** A month written YYYY-MM, not in the future in Kampala; null when it is not one. */
export function parseStatementMonth(value: unknown, now: Date = new Date()): StatementMonth | null {
  const match = typeof value === 'string' ? MONTH_PATTERN.exec(value) : null;
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const today = kampalaParts(now);
  if (year < FIRST_YEAR || year * 12 + month > today.year * 12 + today.month) return null;
  return { year, month, text: match[0] };
}

class StatementMonthPipe implements PipeTransform<unknown, StatementMonth> {
  constructor(private readonly name: string) {}

  transform(value: unknown): StatementMonth {
    const parsed = parseStatementMonth(value);
    if (!parsed) {
      throw new RequestValidationError([
        {
          field: this.name,
          message: `must be a month written YYYY-MM (e.g. 2026-11), from ${FIRST_YEAR}-01 up to the current month`,
        },
      ]);
    }
    return parsed;
  }
}

/** A `YYYY-MM` path parameter (the current month or an earlier one), validated and documented. */
export function MonthParam(name = 'month'): ParameterDecorator {
  return (target, propertyKey, index) => {
    Param(name, new StatementMonthPipe(name))(target, propertyKey, index);
    const descriptor = Object.getOwnPropertyDescriptor(target, propertyKey!)!;
    ApiParam({
      name,
      description: 'A month, YYYY-MM (Kampala time); the current month or an earlier one',
      schema: { type: 'string', pattern: MONTH_PATTERN.source, example: '2026-11' },
    })(target, propertyKey!, descriptor);
  };
}
