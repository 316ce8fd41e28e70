import type { BusinessAgent, User } from '@chat/contracts';
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

/** An agent as the settings and the hand-over list name them: by display name, me marked as me. */
export function agentLabel(agent: BusinessAgent, me: User): string {
  return agent.id === me.id ? t('header.you', { name: me.displayName }) : agent.displayName;
}
