import { getMetadataStorage } from 'class-validator';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type Lookup = MetadataStorage['getTargetValidationMetadatas'];

const memoized = new WeakSet<MetadataStorage>();

/**
 * Makes class-validator look up a class's rules once instead of at every validation.
 *
 * `validate` asks the global metadata storage for the rules of the object's class, and the storage
 * answers by testing every decorated class in the program for being an ancestor of it (upstream:
 * typestack/class-validator#2686). With the app's hundred-odd DTOs that scan was the single
 * costliest function of a socket event's validation: 3 % of the server's CPU profile with 2,000
 * sockets acknowledging deliveries. The answer depends only on the class and the lookup's options,
 * and a class's rules, its ancestors' included, are all registered when the class is defined,
 * before anything can validate one. A rule registered later (a class defined afterwards) empties
 * the memo anyway, so nothing stale is ever answered. Idempotent: the storage is one per process.
 */
export function memoizeValidationMetadata(storage: MetadataStorage = getMetadataStorage()): void {
  if (memoized.has(storage)) return;
  memoized.add(storage);
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  let byClass = new WeakMap<object, Map<string, ReturnType<Lookup>>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    let answers = byClass.get(target);
    if (!answers) byClass.set(target, (answers = new Map()));
    const key = JSON.stringify([schema, always, strictGroups, groups ?? null]);
    let answer = answers.get(key);
    if (!answer) answers.set(key, (answer = lookup(target, schema, always, strictGroups, groups)));
    return answer;
  };
  const register = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    byClass = new WeakMap();
    register(metadata);
  };
}
