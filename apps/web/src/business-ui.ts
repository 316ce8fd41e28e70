import type { User } from '@chat/contracts';
import type { BusinessMemory } from './business-memory';
import { h } from './dom';
import { t } from './i18n/active-locale';

/** A row's action button: `label` names it for screen readers; while aria-disabled (its request runs) clicks are ignored. */
export function actionButton(label: string, text: string, className: string, onClick: (button: HTMLButtonElement) => void): HTMLButtonElement {
  const button = h('button', { type: 'button', class: className, 'aria-label': label }, text);
  button.addEventListener('click', () => {
    if (!button.getAttribute('aria-disabled')) onClick(button);
  });
  return button;
}

/** An agent's name: the API names agents by user id only, so a name is known when it was picked in this browser. */
export function agentName(userId: string, me: User, memory: BusinessMemory): string {
  if (userId === me.id) return t('header.you', { name: me.displayName });
  return memory.nameOf(userId) ?? t('business.agentById', { id: userId.slice(0, 8) });
}
