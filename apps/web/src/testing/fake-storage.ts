/** A Storage for unit specs of the stores: what is in it is `items`, to look at or to spoil. Never bundled (nothing main.ts reaches imports this file). */
export function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
}

/** A Storage that refuses everything, as private modes or a full quota may: the stores must keep working in the page. */
export function refusingStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const refuse = () => {
    throw new Error('storage refused');
  };
  return { getItem: refuse, setItem: refuse, removeItem: refuse };
}
