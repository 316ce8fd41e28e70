import { channelNameKey } from '@chat/domain';
import { ValidationError } from '../errors/api-error';
import { assertText } from '../http/validation';
import type { EnvReader } from './env-reader';

/** DEFAULT_CHANNELS names at most this many: each costs every registration one join (or creation). */
export const DEFAULT_CHANNELS_MAX = 10;

/**
 * DEFAULT_CHANNELS: the public channels each new account joins (@chat/conversations
 * default-channels/), in the order the web client picks the first of them to open; unset:
 * `general`; set empty: none. Each name must be one channel creation takes (the same assertText,
 * within CONVERSATION_NAME_MAX_CHARS), and no two the same channel (names are unique per tenant by
 * channelNameKey, so `General` and `general` would be one).
 */
export function readDefaultChannels(r: EnvReader, nameMaxChars: number): string[] {
  const raw = r.stringOrEmpty('DEFAULT_CHANNELS', 'general');
  if (raw.trim() === '') return [];
  const names = raw.split(',').map((name) => name.trim());
  const problems = names.flatMap((name) => channelNameProblem(name, nameMaxChars));
  if (names.length > DEFAULT_CHANNELS_MAX) problems.push(`names at most ${DEFAULT_CHANNELS_MAX} channels (got ${names.length})`);
  if (new Set(names.map(channelNameKey)).size < names.length) problems.push('names a channel twice (names differing only in case or Unicode form are one)');
  for (const problem of problems) r.problems.push(`DEFAULT_CHANNELS ${problem} (got "${raw}")`);
  return problems.length ? [] : names;
}

function channelNameProblem(name: string, nameMaxChars: number): string[] {
  if (!name) return ['has an empty name (a comma too many?)'];
  try {
    assertText('name', name, nameMaxChars);
    return [];
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    return err.details.map((d) => `"${name}" ${d.problem}`);
  }
}
