/**
 * Entry point of the browser client (bundled by apps/web/build.js into public/generated/app.js).
 * Shows the chat for a stored login, or the login screen.
 */
import { ChatApp } from './chat-app';
import { byId } from './dom';
import { LoginView } from './login-view';
import { Notifier } from './notifier';
import { SessionStore, type StoredSession } from './session-store';
import { translateStaticText } from './i18n/static-text';

/** Why the last session ended, carried across the reload that ends it. */
const NOTICE_KEY = 'chat.notice.v1';

const store = new SessionStore();
const notifier = new Notifier();
let chat: ChatApp | null = null;

const login = new LoginView((auth) => {
  login.hide();
  startChat(store.save(auth));
});

function startChat(session: StoredSession): void {
  // One ChatApp per page: ending it reloads (see ChatApp), so this runs at most once per login.
  chat ??= new ChatApp(store, session, notifier, (notice) => {
    sessionStorage.setItem(NOTICE_KEY, notice);
    location.reload();
  });
  chat.start();
}

function takeNotice(): string | undefined {
  const notice = sessionStorage.getItem(NOTICE_KEY) ?? undefined;
  sessionStorage.removeItem(NOTICE_KEY);
  return notice;
}

// Before anything is drawn: later texts come from the same catalog.
translateStaticText(document);
byId('boot').hidden = true;
void (async () => {
  // Back from single sign-on: the URL's one-time code logs in (or its error is shown on the login screen).
  if (await login.finishSso()) return;
  const session = store.load();
  if (session) startChat(session);
  else {
    login.show();
    const notice = takeNotice();
    if (notice) notifier.info(notice);
  }
})();
