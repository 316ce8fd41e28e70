import { ValidationError } from '@chat/platform';
import { parseQuotaOverrides } from './quota-overrides';

describe('parseQuotaOverrides (PUT /v1/admin/tenants/:tenantId/quotas)', () => {
  const fieldsOf = (body: unknown) => {
    try {
      parseQuotaOverrides(body);
      return [];
    } catch (err) {
      return (err as ValidationError).details.map((d) => d.field);
    }
  };

  it('takes non-negative integers and null, and reads an absent quota as null (the default)', () => {
    expect(parseQuotaOverrides({ connections: 0, onlineUsers: 10, messagesPerMinute: 60, mediaBytes: null })).toEqual({ connections: 0, onlineUsers: 10, messagesPerMinute: 60, mediaBytes: null });
    expect(parseQuotaOverrides({})).toEqual({ connections: null, onlineUsers: null, messagesPerMinute: null, mediaBytes: null });
    expect(parseQuotaOverrides({ mediaBytes: 5 * 1024 ** 4 })).toMatchObject({ mediaBytes: 5 * 1024 ** 4 });
  });

  it('refuses negatives, fractions, strings, overflows and unknown quotas, naming each field', () => {
    expect(fieldsOf({ connections: -1, messagesPerMinute: 1.5, mediaBytes: '10' })).toEqual(['connections', 'messagesPerMinute', 'mediaBytes']);
    expect(fieldsOf({ connections: 2 ** 31, onlineUsers: -1 })).toEqual(['connections', 'onlineUsers']);
    expect(fieldsOf({ seats: 3 })).toEqual(['seats']);
    expect(fieldsOf([1])).toEqual(['body']);
    expect(fieldsOf(null)).toEqual(['body']);
  });
});
