import { tabTitle } from './tab-title';

/** A list entry as far as the tab counts it. */
const entry = (unreadCount: number, unreadMentionCount = 0, muted = false) => ({ unreadCount, unreadMentionCount, muted });

describe('tabTitle', () => {
  it('is the plain app name with nothing open and nothing unread', () => {
    expect(tabTitle([], null, 'Chat')).toBe('Chat');
    expect(tabTitle([entry(0), entry(0, 0, true)], null, 'Chat')).toBe('Chat');
  });

  it('names the open conversation before the app name', () => {
    expect(tabTitle([entry(0)], 'Design', 'Chat')).toBe('Design · Chat');
  });

  it('puts my unread messages across my conversations in front', () => {
    expect(tabTitle([entry(2), entry(0), entry(3, 1)], 'Design', 'Chat')).toBe('(5) Design · Chat');
    expect(tabTitle([entry(1)], null, 'Chat')).toBe('(1) Chat');
  });

  it('counts of a muted conversation only the unread messages addressed to me', () => {
    expect(tabTitle([entry(4, 0, true)], 'Design', 'Chat')).toBe('Design · Chat');
    expect(tabTitle([entry(4, 1, true), entry(2)], 'Design', 'Chat')).toBe('(3) Design · Chat');
  });

  it('uses the app name it is given (the page language’s)', () => {
    expect(tabTitle([entry(1)], 'Entwurf', 'Plaudern')).toBe('(1) Entwurf · Plaudern');
  });
});
