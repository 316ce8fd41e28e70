import { connectionTo } from './conversation-connection';

describe('connectionTo', () => {
  const id = '0190a0c4-0000-7000-8000-000000000001';

  it('names the address the request came to when PUBLIC_URL is not set', () => {
    expect(connectionTo(id, null, 'http://localhost:3000')).toEqual({
      url: 'ws://localhost:3000/socket.io',
      path: '/socket.io',
      ticketUrl: 'http://localhost:3000/v1/auth/ws-ticket',
      sessionTicketUrl: `http://localhost:3000/chat/ws?sessionId=${id}`,
    });
  });

  it('names PUBLIC_URL, over wss where it is https, whatever address the request came to', () => {
    expect(connectionTo(id, 'https://chat.example.org/', 'http://10.0.0.7:3000')).toEqual({
      url: 'wss://chat.example.org/socket.io',
      path: '/socket.io',
      ticketUrl: 'https://chat.example.org/v1/auth/ws-ticket',
      sessionTicketUrl: `https://chat.example.org/chat/ws?sessionId=${id}`,
    });
  });
});
