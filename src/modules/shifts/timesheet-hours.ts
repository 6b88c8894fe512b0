import { kampalaInstant } from '../jobs/kampala-time.js';

/** What the hours and the pay are measured against: the job's plan. */
export interface PlannedShift {
  date: string;
  startTime: string;
  endTime: string;
  rate: number;
  rateType: 'hourly' | 'daily' | 'fixed';
  /** What the institution paid for the plan. */
  amount: number;
}

const MINUTE_MS = 60_000;

export function plannedMinutes(plan: Pick<PlannedShift, 'date' | 'startTime' | 'endTime'>): number {
  const start = kampalaInstant(plan.date, plan.startTime).getTime();
  return Math.round((kampalaInstant(plan.date, plan.endTime).getTime() - start) / MINUTE_MS);
}

/** Minutes claimed: from start to end less the break (may be above the plan; see cappedMinutes). */
export function claimedMinutes(startedAt: Date, endedAt: Date, breakMinutes: number): number {
  return Math.round((endedAt.getTime() - startedAt.getTime()) / MINUTE_MS) - breakMinutes;
}

/** Hours are never paid above the plan. */
export function cappedMinutes(claimed: number, planned: number): number {
  return Math.max(0, Math.min(claimed, planned));
}

/**
 * What approving `minutes` pays, before commission: an hourly job pays the minutes (capped at the plan) at
 * its rate, rounded to whole UGX and never above what was paid; a daily or fixed job pays the plan.
 */
export function approvedPay(plan: PlannedShift, minutes: number): number {
  if (plan.rateType !== 'hourly') return plan.amount;
  const capped = cappedMinutes(minutes, plannedMinutes(plan));
  return Math.min(plan.amount, Math.round((plan.rate * capped) / 60));
}

/** Hours with two decimals, as the API shows them. */
export function hoursOf(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}

/** An instant as HH:MM Kampala wall-clock on the job's date (24:00 for the midnight ending it). */
export function kampalaTimeOn(date: string, instant: Date): string {
  const minutes = Math.round((instant.getTime() - kampalaInstant(date, '00:00').getTime()) / MINUTE_MS);
  const clamped = Math.max(0, Math.min(minutes, 24 * 60));
  return `${String(Math.floor(clamped / 60)).padStart(2, '0')}:${String(clamped % 60).padStart(2, '0')}`;
}
