/** A run of `inTurns`; `cancel` drops the items not reached yet. */
export interface Turns {
  cancel(): void;
}

/**
 * Calls `each` on every item, `perTurn` of them now and the next `perTurn` on each following turn
 * of the event loop (setImmediate), so work over many items (a frame to every socket of a node)
 * lets the I/O queued behind it run between slices instead of holding the loop for all of it.
 */
export function inTurns<T>(items: readonly T[], perTurn: number, each: (item: T) => void): Turns {
  let next = 0;
  let pending: NodeJS.Immediate | null = null;
  const turn = () => {
    pending = null;
    const end = Math.min(items.length, next + perTurn);
    for (; next < end; next++) each(items[next]);
    if (next < items.length) pending = setImmediate(turn);
  };
  turn();
  return {
    cancel: () => {
      if (pending) clearImmediate(pending);
      pending = null;
    },
  };
}
