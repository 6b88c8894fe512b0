/**
 * An aggregate's allowed status moves: `table[from]` lists every state `from` may move to; anything else is
 * refused. Each aggregate's `*.transitions.ts` declares one and checks every move against it, and its unit
 * test walks every (from, to) pair, so the table is the whole truth about the lifecycle.
 */
export type TransitionTable<S extends string> = Readonly<Record<S, readonly S[]>>;

export function isAllowed<S extends string>(table: TransitionTable<S>, from: S, to: S): boolean {
  return table[from].includes(to);
}

/** Every (from, to) pair of the table's states, split into allowed and refused: what the unit tests walk. */
export function allPairs<S extends string>(
  table: TransitionTable<S>,
): { allowed: [S, S][]; refused: [S, S][] } {
  const states = Object.keys(table) as S[];
  const allowed: [S, S][] = [];
  const refused: [S, S][] = [];
  for (const from of states) {
    for (const to of states) (isAllowed(table, from, to) ? allowed : refused).push([from, to]);
  }
  return { allowed, refused };
}
