import { ErrorCode } from '@chat/contracts';
import { historyWindow } from './history-window';

const limits = { defaultLimit: 50, maxLimit: 500 };

describe('historyWindow', () => {
  it('reads the latest page by default', () => {
    expect(historyWindow({}, limits)).toEqual({ older: { belowSeq: Number.MAX_SAFE_INTEGER, take: 50 } });
  });
  it('reads downwards for before and upwards for after', () => {
    expect(historyWindow({ before: 100, limit: 10 }, limits)).toEqual({ older: { belowSeq: 100, take: 10 } });
    expect(historyWindow({ after: 100, limit: 10 }, limits)).toEqual({ newer: { aboveSeq: 100, take: 10 } });
  });
  it('centres around the anchor and includes it', () => {
    expect(historyWindow({ around: 100, limit: 10 }, limits)).toEqual({ older: { belowSeq: 100, take: 5 }, newer: { aboveSeq: 99, take: 5 } });
    expect(historyWindow({ around: 100, limit: 1 }, limits)).toEqual({ older: undefined, newer: { aboveSeq: 99, take: 1 } });
  });
  it.each([0, 501, 2.5, -1])('rejects limit %p', (limit) => {
    expect(() => historyWindow({ limit }, limits)).toThrow(expect.objectContaining({ code: ErrorCode.VALIDATION_FAILED }));
  });
  it('rejects two anchors at once', () => {
    expect(() => historyWindow({ before: 5, after: 1 }, limits)).toThrow(expect.objectContaining({ code: ErrorCode.VALIDATION_FAILED }));
  });
});
