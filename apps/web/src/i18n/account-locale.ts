import type { UserPreferences } from '@chat/contracts';
import { changesPage } from './active-locale';
import { choiceToAdopt, loadChoice, saveChoice } from './locale-settings';

/**
 * When the chat opens (after a login or a reload): what this browser has not chosen itself it
 * takes from the account's preferences (GET /v1/me), so a new browser speaks the language chosen
 * in another one. Stored like a choice made here; the page reloads when that changes what it
 * shows. True when it reloads.
 */
export function adoptAccountLocale(account: UserPreferences): boolean {
  const adopted = choiceToAdopt(loadChoice(localStorage), account);
  if (!adopted) return false;
  saveChoice(localStorage, adopted);
  if (!changesPage(adopted)) return false;
  location.reload();
  return true;
}
