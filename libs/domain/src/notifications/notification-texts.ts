import { LOCALES, isLocale, type Locale } from '@chat/contracts';
import { Translator } from '../i18n/translator';

/**
 * What the server writes to a person itself, in push notifications and notification email (the
 * rest is user text: names, bodies). English defines the keys; every other catalog is typed to
 * have exactly those. Plurals follow the locale's Intl.PluralRules (see i18n/message-format.ts).
 */
const en = {
  'messages.new': '{count, plural, one {# new message} other {# new messages}}',
  'message.encrypted': 'New encrypted message',
  'message.attachments': '{count, plural, one {sent an attachment} other {sent # attachments}}',
  'message.voice': 'sent a voice message ({duration})',
  'message.repliedToYou': '{sender} replied to you: {text}',
  'message.mentionedYou': '{sender} mentioned you: {text}',
  'email.openConversation': 'Open the conversation: {link}',
  'email.why': 'You get this because email notifications are on in your chat settings.',
  'verification.subject': 'Your chat verification code: {code}',
  'verification.body': 'To get chat notifications at this address, enter this code in your notification settings: {code}. It works for {minutes, plural, one {# minute} other {# minutes}}.',
  'verification.why': 'Someone entered this address in their chat notification settings. If it was not you, ignore this email: no notifications are sent here until the code is entered.',
};

export type NotificationTextKey = keyof typeof en;

const de: Record<NotificationTextKey, string> = {
  'messages.new': '{count, plural, one {# neue Nachricht} other {# neue Nachrichten}}',
  'message.encrypted': 'Neue verschlüsselte Nachricht',
  'message.attachments': '{count, plural, one {hat einen Anhang gesendet} other {hat # Anhänge gesendet}}',
  'message.voice': 'hat eine Sprachnachricht gesendet ({duration})',
  'message.repliedToYou': '{sender} hat dir geantwortet: {text}',
  'message.mentionedYou': '{sender} hat dich erwähnt: {text}',
  'email.openConversation': 'Unterhaltung öffnen: {link}',
  'email.why': 'Du bekommst diese E-Mail, weil E-Mail-Benachrichtigungen in deinen Chat-Einstellungen eingeschaltet sind.',
  'verification.subject': 'Dein Bestätigungscode für den Chat: {code}',
  'verification.body': 'Um Chat-Benachrichtigungen an diese Adresse zu bekommen, gib diesen Code in deinen Benachrichtigungseinstellungen ein: {code}. Er gilt {minutes, plural, one {# Minute} other {# Minuten}}.',
  'verification.why': 'Jemand hat diese Adresse in seinen Chat-Benachrichtigungseinstellungen eingetragen. Warst du es nicht, ignoriere diese E-Mail: Bis der Code eingegeben ist, gehen keine Benachrichtigungen hierher.',
};

export const NOTIFICATION_CATALOGS: Readonly<Record<Locale, Readonly<Record<NotificationTextKey, string>>>> = { en, de };

const translators = new Map<Locale, Translator<NotificationTextKey>>();

/** The texts in a recipient's `locale`; English for none or one the server has no texts in. */
export function notificationTexts(locale: string | null): Translator<NotificationTextKey> {
  const known = isLocale(locale) ? locale : LOCALES[0];
  let translator = translators.get(known);
  if (!translator) {
    translator = new Translator(known, NOTIFICATION_CATALOGS[known]);
    translators.set(known, translator);
  }
  return translator;
}
