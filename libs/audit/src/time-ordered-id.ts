import { v7 as uuidv7 } from 'uuid';

/** A UUIDv7 of `at`: audit ids sort by the time they name (see idFloor in @chat/domain). */
export function timeOrderedId(at: Date): string {
  return uuidv7({ msecs: at.getTime() });
}
