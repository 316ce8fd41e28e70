// The web client's service worker: shows the server's Web Push notifications (libs/notifications)
// and opens the conversation when one is clicked. Plain JS: it is served as is, not bundled.
'use strict';

self.addEventListener('push', (event) => {
  const data = event.data ? event.data.json() : null;
  if (!data || data.kind !== 'messages') return;
  event.waitUntil(
    self.registration.showNotification(data.title, {
      body: data.body,
      // One notification per conversation: a newer one replaces it (and alerts again).
      tag: data.conversationId,
      renotify: true,
      data: { conversationId: data.conversationId, seq: data.seq },
      // The sender's picture; without one the browser shows the site's.
      ...(data.icon ? { icon: data.icon } : {}),
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const { conversationId, seq } = event.notification.data;
  event.waitUntil(
    (async () => {
      // At the message it announces (seed 003 req. 15.4), like the link in notification email.
      const [open] = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      if (!open) return self.clients.openWindow(`/#conversation=${conversationId}${typeof seq === 'number' ? `&seq=${seq}` : ''}`);
      await open.focus();
      open.postMessage({ openConversation: conversationId, seq });
    })(),
  );
});
