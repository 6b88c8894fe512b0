import { Injectable } from '@nestjs/common';
import { ShiftsRepository } from './shifts.repository.js';
import { TimesheetsRepository } from './timesheets.repository.js';

/** What the shifts module stores about a professional, for their data export (named columns only). */
@Injectable()
export class ShiftExport {
  constructor(
    private readonly shifts: ShiftsRepository,
    private readonly timesheets: TimesheetsRepository,
  ) {}

  async exportFor(
    professionalId: string,
  ): Promise<{ shifts: Record<string, unknown>[]; timesheets: Record<string, unknown>[] }> {
    const [shifts, timesheets] = await Promise.all([
      this.shifts.exportRowsOf(professionalId),
      this.timesheets.exportRowsOf(professionalId),
    ]);
    return { shifts, timesheets };
  }
}
