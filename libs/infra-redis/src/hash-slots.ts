/**
 * Redis Cluster runs a script or a multi-key command only when all its keys hash to one slot, and
 * the slot comes from the part of a key between its first `{` and `}` (the hash tag). Keys used
 * together share a tag; on one Redis tags change nothing.
 *
 * The presence and typing due sets are swept by every node, so they cannot be one key per user:
 * each is split into DUE_SHARDS shards, a user's (or conversation's) keys carry its shard's tag, and
 * each script runs inside one shard. The shard count spreads that state over at most this many
 * primaries, and a sweep costs one script call per shard.
 */
export const DUE_SHARDS = 32;

/** The shard of an id: FNV-1a, the same on every node and version (changing it moves every key). */
export function dueShard(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % DUE_SHARDS;
}

/** `{<kind>:<shard>}:due`, the due set of one shard; the scripts build the shard's other keys from it. */
export const dueKey = (kind: 'presence' | 'typing' | 'viewing', shard: number) => `{${kind}:${shard}}:due`;

/** Groups items by the shard of `idOf(item)`, keeping each item's position in the input. */
export function byShard<T>(items: readonly T[], idOf: (item: T) => string): Map<number, { item: T; index: number }[]> {
  const groups = new Map<number, { item: T; index: number }[]>();
  items.forEach((item, index) => {
    const shard = dueShard(idOf(item));
    const group = groups.get(shard);
    if (group) group.push({ item, index });
    else groups.set(shard, [{ item, index }]);
  });
  return groups;
}
