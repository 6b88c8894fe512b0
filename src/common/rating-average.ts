/** Mean stars to two decimals, or null before the first visible rating. */
export function ratingAverage(total: number, count: number): number | null {
  return count === 0 ? null : Math.round((total / count) * 100) / 100;
}
