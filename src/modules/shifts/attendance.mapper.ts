import type { AttendanceCodeDto, CheckInDto, CheckOutDto, ShiftConfirmationDto } from './attendance.dto.js';

export function toConfirmation(at: Date): ShiftConfirmationDto {
  return { confirmedAt: at.toISOString() };
}

export function toAttendanceCode(code: string, qrDataUrl: string, expiresAt: Date): AttendanceCodeDto {
  return { code, qrDataUrl, expiresAt: expiresAt.toISOString() };
}

export function toCheckIn(at: Date): CheckInDto {
  return { checkedInAt: at.toISOString() };
}

export function toCheckOut(at: Date): CheckOutDto {
  return { checkedOutAt: at.toISOString() };
}
