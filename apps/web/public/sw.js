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
      data: { conversationId: data.conversationId },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const { conversationId } = event.notification.data;
  event.waitUntil(
    (async () => {
      const [open] = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      if (!open) return self.clients.openWindow(`/#conversation=${conversationId}`);
      await open.focus();
      open.postMessage({ openConversation: conversationId });
    })(),
  );
});
