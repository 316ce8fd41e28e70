import { businessConversationRecord, conversationRecord, downloadFileName, headerRecord, line, membershipRecord, messageRecord, reportRecord } from './export-records';

describe('tenant export records', () => {
  const stored = { id: 'm1', conversationId: 'c1', seq: '42', senderId: 'u1', body: 'hello', attachments: [{ mediaId: 'x' }], createdAt: '2026-01-01T00:00:00.000Z', editedAt: null, deletedAt: null, replyToSeq: '41' };

  it('states a message with its body, attachments, and its seq and the seq it answers as numbers', () => {
    expect(messageRecord(stored)).toEqual({ type: 'message', id: 'm1', conversationId: 'c1', seq: 42, replyToSeq: 41, senderId: 'u1', body: 'hello', attachments: [{ mediaId: 'x' }], createdAt: stored.createdAt, editedAt: null, deletedAt: null, tombstone: false });
  });

  it('states a deleted message as a tombstone: no body or attachments, whatever the row still holds', () => {
    const record = messageRecord({ ...stored, body: 'left behind', deletedAt: '2026-01-02T00:00:00.000Z' });
    expect(record).toEqual({ type: 'message', id: 'm1', conversationId: 'c1', seq: 42, replyToSeq: 41, senderId: 'u1', createdAt: stored.createdAt, editedAt: null, deletedAt: '2026-01-02T00:00:00.000Z', tombstone: true });
    expect(JSON.stringify(record)).not.toContain('left behind');
  });

  it('turns bigint columns into numbers and writes one JSON object per line', () => {
    expect(conversationRecord({ id: 'c1', type: 'group', lastSeq: '7' })).toEqual({ type: 'conversation', id: 'c1', conversationType: 'group', lastSeq: 7 });
    expect(membershipRecord({ userId: 'u1', lastReadSeq: '3', lastDeliveredSeq: '5' })).toEqual({ type: 'membership', userId: 'u1', lastReadSeq: 3, lastDeliveredSeq: 5 });
    const text = line(headerRecord('t1', 'e1', new Date('2026-05-01T10:00:00Z')));
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({ type: 'export', format: 'chat-tenant-export/1', tenantId: 't1', exportId: 'e1', exportedAt: '2026-05-01T10:00:00.000Z' });
  });

  it('states a report with the reporter’s note and its resolution, and a business conversation with its resolution, bigints as numbers', () => {
    const report = { id: 'r1', conversationId: 'c1', messageId: 'm1', messageSeq: '9', reporterId: 'u2', reason: 'spam', note: 'see this', status: 'actioned', resolvedBy: 'u1', resolvedAt: '2026-01-02T00:00:00.000Z' };
    expect(reportRecord(report)).toEqual({ ...report, type: 'report', messageSeq: 9 });
    expect(businessConversationRecord({ conversationId: 'c1', businessId: 'b1', resolvedSeq: '12', resolvedAt: 'x' })).toEqual({ type: 'businessConversation', conversationId: 'c1', businessId: 'b1', resolvedSeq: 12, resolvedAt: 'x' });
    expect(businessConversationRecord({ conversationId: 'c1', resolvedSeq: null })).toMatchObject({ resolvedSeq: null });
  });

  it('names the download after the tenant, the day and the export', () => {
    expect(downloadFileName({ id: 'e1', createdAt: '2026-05-01T10:00:00.000Z' }, 't1')).toBe('chat-tenant-t1-2026-05-01-e1.ndjson.gz');
  });
});
