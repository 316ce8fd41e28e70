import type { ProfileSourceBatchRequest } from '@chat/contracts';
import type { ProfileSourceConfig } from '@chat/platform';

/** Why a batch call gave no profiles: the metric's `reason` label. */
export type ProfileSourceFailure = 'timeout' | 'unreachable' | 'status' | 'answer';

/** A batch call to the main service that gave no usable answer; `cause` keeps the underlying error. */
export class ProfileSourceError extends Error {
  constructor(
    readonly reason: ProfileSourceFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProfileSourceError';
  }
}

/** A profile as the main service sent it; `avatarUrl` unchecked (ProfileSync keeps only an http(s) URL, or null). */
export interface FetchedProfile {
  id: string;
  name: string;
  avatarUrl: unknown;
}

/** One batch call's ids and the profiles the main service had for them (unknown ids are absent). */
export interface ProfileBatch {
  ids: string[];
  profiles: FetchedProfile[];
}

const PATH = '/api/batch/profiles';

/**
 * The main service's batch profile API (@chat/contracts profiles.ts): `POST
 * <PROFILE_SOURCE_URL>/api/batch/profiles {ids}` with the service token, PROFILE_SOURCE_BATCH_MAX
 * ids per call, each call given PROFILE_SOURCE_TIMEOUT_MS. Calls go one after another, so a
 * refresh of thousands of people never holds more than one request open at the main service.
 */
export class ProfileSourceClient {
  constructor(private readonly config: ProfileSourceConfig) {}

  /**
   * The profiles of `ids` (repeats dropped), a batch at a time as each call answers; a call that
   * fails throws ProfileSourceError there, after the batches before it were handed out.
   */
  async *fetch(ids: readonly string[]): AsyncGenerator<ProfileBatch> {
    const unique = [...new Set(ids)];
    for (let at = 0; at < unique.length; at += this.config.batchMax) {
      const batch = unique.slice(at, at + this.config.batchMax);
      yield { ids: batch, profiles: await this.call(batch) };
    }
  }

  private async call(ids: string[]): Promise<FetchedProfile[]> {
    const { url, token, timeoutMs } = this.config;
    if (!url || !token) throw new Error('PROFILE_SOURCE_URL is not set: profiles are not fetched');
    const body: ProfileSourceBatchRequest = { ids };
    let answer: Response;
    try {
      answer = await fetch(`${url}${PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      if ((cause as Error).name === 'TimeoutError') throw new ProfileSourceError('timeout', `The profile source gave no answer within ${timeoutMs} ms`, { cause });
      throw new ProfileSourceError('unreachable', `The profile source is unreachable (${(cause as Error).message})`, { cause });
    }
    let json: unknown;
    try {
      if (answer.status !== 200) {
        await answer.body?.cancel();
        throw new ProfileSourceError('status', `The profile source answered HTTP ${answer.status}`);
      }
      json = await answer.json();
    } catch (cause) {
      if (cause instanceof ProfileSourceError) throw cause;
      const timedOut = (cause as Error).name === 'TimeoutError';
      throw new ProfileSourceError(timedOut ? 'timeout' : 'answer', timedOut ? `The profile source's answer did not finish within ${timeoutMs} ms` : 'The profile source answered something that is not JSON', { cause });
    }
    return profilesIn(json, new Set(ids));
  }
}

/**
 * The well-formed profiles of ids that were asked for; an answer that is not `{profiles: [...]}` at
 * all is refused. A malformed entry, or one for an id nobody asked about, is left out: the rest of
 * the batch is still good, and the ids left out keep what they had.
 */
function profilesIn(json: unknown, asked: ReadonlySet<string>): FetchedProfile[] {
  const list = (json as { profiles?: unknown } | null)?.profiles;
  if (!Array.isArray(list)) throw new ProfileSourceError('answer', 'The profile source answered without a "profiles" array');
  return list.flatMap((entry): FetchedProfile[] => {
    const { id, name, avatarUrl } = (entry ?? {}) as Record<string, unknown>;
    if (typeof id !== 'string' || !asked.has(id) || typeof name !== 'string') return [];
    return [{ id, name, avatarUrl }];
  });
}
