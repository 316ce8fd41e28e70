import { ErrorCode } from '@chat/contracts';
import { DomainError } from '../domain-error';

export interface HistoryRequest {
  before?: number;
  after?: number;
  around?: number;
  limit?: number;
}

export interface HistoryLimits {
  defaultLimit: number;
  maxLimit: number;
}

/**
 * A history page as seq ranges to read. `older` reads downwards from a bound (exclusive),
 * `newer` upwards from a bound (exclusive); `around` reads both, centred on the anchor.
 */
export interface HistoryWindow {
  older?: { belowSeq: number; take: number };
  newer?: { aboveSeq: number; take: number };
}

export function historyWindow(req: HistoryRequest, limits: HistoryLimits): HistoryWindow {
  const anchors = [req.before, req.after, req.around].filter((v) => v !== undefined);
  if (anchors.length > 1) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'Use only one of before, after and around', 'Pick the direction you page in');
  }
  const limit = req.limit ?? limits.defaultLimit;
  if (!Number.isInteger(limit) || limit < 1 || limit > limits.maxLimit) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `limit must be an integer in 1..${limits.maxLimit}`, `Ask for at most ${limits.maxLimit} messages a page`);
  }
  for (const anchor of anchors) {
    if (!Number.isSafeInteger(anchor) || (anchor as number) < 0) {
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'before, after and around are non-negative integer seqs', '');
    }
  }
  if (req.after !== undefined) return { newer: { aboveSeq: req.after, take: limit } };
  if (req.around !== undefined) {
    const olderTake = Math.floor(limit / 2);
    // The anchor itself belongs to the newer half, so `around` always includes it.
    return { older: olderTake > 0 ? { belowSeq: req.around, take: olderTake } : undefined, newer: { aboveSeq: req.around - 1, take: limit - olderTake } };
  }
  return { older: { belowSeq: req.before ?? Number.MAX_SAFE_INTEGER, take: limit } };
}
