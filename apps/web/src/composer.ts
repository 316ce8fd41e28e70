import type { MediaAttachmentRef } from '@chat/contracts';
import type { AttachmentPicker } from './attachment-picker';
import { EMPTY_DRAFT, type DraftStore } from './draft-store';
import { byId } from './dom';
import { bindFormattingKeys } from './formatting-keys';
import { MentionPicker } from './mention-picker';
import type { Mentionable } from './mention-text';
import type { MessageLinks } from './message-outbox';
import { ReplyBanner, type ReplyTarget } from './reply-banner';
import type { TypingReporter } from './typing-reporter';
import type { VoiceRecorder } from './voice-recorder';
import { t } from './i18n/active-locale';

const MAX_HEIGHT_PX = 200;

/**
 * The message box: Enter sends, Shift+Enter adds a line (and Enter while an input method is
 * composing, e.g. for CJK, is left alone). Each conversation keeps its own unsent draft, saved as
 * it is typed with who was picked in it by "@" (`DraftStore`, so it outlives a reload or a login
 * that ends under me, and its send mentions the same members as before). The others are told
 * while I type, and that I stopped when I send, empty the box or switch away. A voice message
 * (`VoiceRecorder`) is sent on its own, as soon as its recording is uploaded. A message chosen to
 * answer (`ReplyBanner`) goes with the next send, text or voice, as its `replyTo`; the members a
 * text names by "@" (`MentionPicker`) go with it as its `mentions`.
 */
export class Composer {
  private readonly form = byId<HTMLFormElement>('composer');
  private readonly input = byId<HTMLTextAreaElement>('composer-input');
  private readonly sendButton = byId<HTMLButtonElement>('send-button');
  private readonly reply = new ReplyBanner(() => this.input.focus());
  private readonly mentions = new MentionPicker(this.input);
  /** The Up arrow in an empty box: edit my latest message (the pane says whether there was one). */
  private editLatest: () => boolean = () => false;
  private conversationId: string | null = null;
  /** Why nothing can be attached or recorded in the open conversation: E2EE (`encrypted`), or closed (`closed`, which wins). */
  private e2ee = false;
  private isClosed = false;

  constructor(
    private readonly onSend: (conversationId: string, body: string, attachments: MediaAttachmentRef[], links: MessageLinks) => void,
    private readonly picker: AttachmentPicker,
    private readonly voice: VoiceRecorder,
    private readonly typing: TypingReporter,
    private readonly drafts: DraftStore,
  ) {
    // A voice message has no text to name anyone in.
    voice.deliverTo((conversationId, recording) => onSend(conversationId, '', [recording], { replyTo: this.reply.take(conversationId) }));
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.form.addEventListener('keydown', (e) => {
      // An open list of members takes Escape first (and says so by preventDefault).
      if (e.key === 'Escape' && !e.isComposing && !e.defaultPrevented && this.reply.cancel()) e.preventDefault();
    });
    this.input.addEventListener('keydown', (e) => {
      if (this.mentions.keydown(e)) return;
      if (e.key === 'ArrowUp' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && this.input.value === '' && this.editLatest()) {
        e.preventDefault();
        return;
      }
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    bindFormattingKeys(this.input);
    this.input.addEventListener('input', () => {
      this.autosize();
      if (!this.conversationId) return;
      this.saveDraft();
      this.typing.changed(this.conversationId, this.input.value.trim() !== '');
    });
  }

  /** Switches to another conversation's draft. */
  open(conversationId: string | null): void {
    this.saveDraft();
    this.typing.stop();
    // The message being answered belongs to its conversation; opened again at a quoted message, the reply stays.
    if (conversationId !== this.conversationId) this.reply.clear();
    this.conversationId = conversationId;
    const draft = conversationId ? this.drafts.get(conversationId) : EMPTY_DRAFT;
    this.mentions.open(conversationId, draft.picks);
    // A chosen file belongs to the conversation it was chosen in.
    this.picker.clear();
    this.voice.open(conversationId);
    // Until the pane knows the conversation's encryption and status.
    this.e2ee = false;
    this.closed(false);
    this.input.value = draft.text;
    this.autosize();
  }

  /** The open conversation is end-to-end encrypted: no attachments there (voice messages included), and the buttons say why. */
  encrypted(yes: boolean): void {
    this.e2ee = yes;
    this.refuseAttachments();
  }

  /**
   * The open conversation is closed: the box and Send are disabled (the server would refuse the send,
   * 409 CONVERSATION_CLOSED) and the attachment buttons say why; its draft waits for the reopening.
   */
  closed(yes: boolean): void {
    this.isClosed = yes;
    this.input.disabled = yes;
    this.sendButton.disabled = yes;
    if (yes) this.typing.stop();
    this.refuseAttachments();
  }

  /** Who opens my latest message's editor when the Up arrow is pressed in the empty box. */
  onEditLatest(editLatest: () => boolean): void {
    this.editLatest = editLatest;
  }

  focus(): void {
    this.input.focus();
  }

  /** The next send answers this message (Reply on it), in the conversation open now. */
  replyTo(target: ReplyTarget): void {
    if (target.conversationId !== this.conversationId) return;
    this.reply.show(target);
    this.input.focus();
  }

  /** The members of a conversation "@" offers (without me), whenever they are (re)loaded. */
  mentionable(conversationId: string, members: readonly Mentionable[]): void {
    this.mentions.offer(conversationId, members);
  }

  /**
   * A conversation I am no longer in: its draft goes for good, picks and all. If it is the one open,
   * its box is emptied too: the pane closes next, and that switch away (open) saves the box as the
   * draft it leaves, which would bring this one back. Emptying it here, rather than asking callers
   * to forget only after the switch, holds in any order: leaving here is heard twice (the request's
   * reply, the `member.left` frame), and either may close the pane first.
   */
  forget(conversationId: string): void {
    if (conversationId === this.conversationId) {
      this.input.value = '';
      this.mentions.forget();
      this.autosize();
    }
    this.drafts.set(conversationId, EMPTY_DRAFT);
  }

  private submit(): void {
    if (this.isClosed) return;
    const body = this.input.value;
    // Sent with the file once its upload is done; until then Enter waits (the chip says so).
    if (this.picker.uploading) return;
    const attachments = this.picker.ready();
    // Only the blank check trims: what the user typed is sent byte for byte.
    if (!this.conversationId || (!body.trim() && attachments.length === 0)) return;
    this.onSend(this.conversationId, body, attachments, { replyTo: this.reply.take(this.conversationId), mentions: this.mentions.take(body) });
    this.typing.stop();
    this.picker.clear();
    this.input.value = '';
    this.drafts.set(this.conversationId, EMPTY_DRAFT);
    this.autosize();
    this.input.focus();
  }

  /** The box's text and who was picked in it, as the open conversation's draft. */
  private saveDraft(): void {
    if (this.conversationId) this.drafts.set(this.conversationId, { text: this.input.value, picks: this.mentions.picks });
  }

  private refuseAttachments(): void {
    const refusal = this.isClosed ? t('markup.conversationClosed') : this.e2ee ? t('e2ee.noAttachments') : null;
    this.picker.refuse(refusal);
    this.voice.refuse(refusal);
  }

  private autosize(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, MAX_HEIGHT_PX)}px`;
  }
}
