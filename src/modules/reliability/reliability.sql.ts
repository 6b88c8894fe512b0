/**
 * reliability-score.ts in SQL, for reads that rank many professionals at once (job candidates): the score
 * of the professional whose user id is the column `professional`, as numeric rounded to 4 decimals. Reads
 * `reliability_events` only; the reliability module owns it, other modules' repositories embed this
 * fragment read-only (as matchScoreSql).
 */
export function reliabilityScoreSql(professional: string): string {
  return `COALESCE((
    SELECT round(avg(CASE WHEN s.completed AND NOT s.failed THEN 1 ELSE 0 END), 4)
      FROM (SELECT bool_or(e.kind = 'completed') AS completed,
                   bool_or(e.kind = 'late_withdrawal')
                     OR (bool_or(e.kind = 'no_show') AND NOT bool_or(e.kind = 'no_show_overturned')) AS failed
              FROM reliability_events e
             WHERE e.professional_id = ${professional}
             GROUP BY e.job_id
            HAVING bool_or(e.kind IN ('completed', 'late_withdrawal'))
                OR (bool_or(e.kind = 'no_show') AND NOT bool_or(e.kind = 'no_show_overturned'))
             ORDER BY min(e.at) DESC, e.job_id DESC
             LIMIT 20) s
  ), 1.0000)`;
}

/**
 * The professional's totals and the end of a block in force at `now` (a timestamptz parameter), as one row
 * for a LATERAL join: booked_shifts, late_withdrawals, no_shows (not overturned), blocked_until. One pass
 * over the professional's events.
 */
export function reliabilityTotalsSql(professional: string, now: string): string {
  return `SELECT
      count(*) FILTER (WHERE e.kind = 'booked')::int AS booked_shifts,
      count(*) FILTER (WHERE e.kind = 'late_withdrawal')::int AS late_withdrawals,
      count(*) FILTER (WHERE e.kind = 'no_show'
                         AND NOT EXISTS (SELECT 1 FROM reliability_events o
                                          WHERE o.professional_id = e.professional_id AND o.job_id = e.job_id
                                            AND o.kind = 'no_show_overturned'))::int AS no_shows,
      (SELECT max(b.blocked_until) FROM accept_blocks b
        WHERE b.professional_id = ${professional} AND b.lifted_at IS NULL
          AND b.blocked_until > ${now}::timestamptz) AS blocked_until
    FROM reliability_events e WHERE e.professional_id = ${professional}`;
}
