import type { MemberLeftReason, User } from '@chat/contracts';
import { AccountDialog } from './account-dialog';
import { AttachmentPicker } from './attachment-picker';
import { AuditLogDialog } from './audit-log-dialog';
import { BrowseDialog } from './browse-dialog';
import { BusinessDirectory } from './business-directory';
import { Composer } from './composer';
import { DraftStore } from './draft-store';
import { Connection } from './connection';
import { ConnectionBanner } from './connection-banner';
import { ConversationDirectory } from './conversation-directory';
import { ConversationListView } from './conversation-list-view';
import { ConversationPane } from './conversation-pane';
import { CreateDialog } from './create-dialog';
import { ConversationSettingToggle, FAVOURITE, MUTE } from './conversation-setting-toggle';
import { byId } from './dom';
import { drawAvatar } from './avatar';
import { fullTime, hueOf } from './format';
import { MessageOutbox } from './message-outbox';
import { NotificationsDialog } from './notifications-dialog';
import { OutboxStore } from './outbox-store';
import { OrganizationDialog } from './organization-dialog';
import { PeoplePicker } from './people-picker';
import { ProfileSection } from './profile-section';
import type { Notifier } from './notifier';
import { PushRegistration } from './push-registration';
import { ReportNotices } from './report-notices';
import { SearchDialog } from './search-dialog';
import { SessionApi } from './session-api';
import type { SessionStore, StoredSession } from './session-store';
import { TabTitle } from './tab-title';
import { TypingReporter } from './typing-reporter';
import { VoiceRecorder } from './voice-recorder';
import { applyFeatureGates, FeatureRefresh, MyFeatures } from './feature-gates';
import { linkedConversation } from './conversation-link';
import { t } from './i18n/active-locale';
import type { MessageKey } from './i18n/catalogs';
import { adoptAccountLocale } from './i18n/account-locale';
import { LocaleControl } from './locale-control';
import { BrowserE2ee } from './e2ee/browser-e2ee';
import { deviceIdFor } from './e2ee/device-id';
import { E2eeDevicesSection } from './e2ee/devices-section';
import { KeyBackupSection } from './e2ee/key-backup-section';
import { LastConversation, firstDefaultChannel } from './last-conversation';

/** What I am told when I am no longer in a conversation (`reason` is absent from older servers). */
const LEFT_NOTICE = { left: 'left.left', removed: 'left.removed', banned: 'left.banned', reassigned: 'left.reassigned' } as const satisfies Record<MemberLeftReason, MessageKey>;

/**
 * The logged-in screen: builds the parts and routes server frames between them. It lives as
 * long as the page: ending the session reloads the page, so nothing of one login (state,
 * listeners, sockets) can leak into the next.
 */
export class ChatApp {
  private readonly screen = byId('chat-screen');
  private readonly api: SessionApi;
  private readonly connection: Connection;
  private readonly directory: ConversationDirectory;
  private readonly pane: ConversationPane;
  private readonly listView: ConversationListView;
  /** The open conversation's star and mute, in its header. */
  private readonly settingToggles: ConversationSettingToggle[];
  private readonly tabTitle: TabTitle;
  private readonly me: User;
  private readonly push: PushRegistration;
  private readonly auditLog: AuditLogDialog;
  private readonly organization: OrganizationDialog;
  private readonly e2ee: BrowserE2ee;
  private readonly drafts: DraftStore;
  private readonly composer: Composer;
  private readonly outbox: MessageOutbox;
  private readonly lastOpened: LastConversation;
  /** Read at login, after a reconnect and after a flag changed (readFeatures()); the parts that offer a gated control ask it. */
  private readonly features = new MyFeatures();
  private readonly featureRefresh = new FeatureRefresh(() => this.readFeatures());
  /** A conversation was asked to open (by the user or a link): the remembered one no longer applies. */
  private openRequested = false;
  private ended = false;

  constructor(
    private readonly store: SessionStore,
    session: StoredSession,
    private readonly notifier: Notifier,
    private readonly onEnded: (notice: string) => void,
  ) {
    this.me = session.user;
    // Drafts another account left in this tab are dropped here, before anything could show them.
    this.drafts = new DraftStore(this.me.id);
    this.lastOpened = new LastConversation(this.me.id);
    this.api = new SessionApi(store, session, (reason) => this.end(reason));
    const banner = new ConnectionBanner(() => this.connection.reconnect(), notifier);
    const deviceId = deviceIdFor(this.me.id);
    this.connection = new Connection(this.api, (state) => banner.render(state), deviceId);
    this.connection.client.socket.on('server.status', (frame) => banner.serverStatus(frame));
    const { client } = this.connection;
    this.directory = new ConversationDirectory(
      this.api,
      this.me,
      () => {
        this.listView.render();
        for (const toggle of this.settingToggles) toggle.render();
        this.tabTitle.render();
      },
      // Removed, banned or deleted while my socket was down (or before a frame of it came): the list no longer has it.
      (id) => this.lose(id, (title) => t(LEFT_NOTICE.left, { title })),
      () => document.visibilityState === 'visible',
    );
    this.tabTitle = new TabTitle(this.directory);
    this.e2ee = new BrowserE2ee(this.api, this.me.id, deviceId, (id) => this.directory.get(id));
    // My sends not yet confirmed by the server, kept from this account's earlier pages; drawn as their conversations open.
    this.outbox = new MessageOutbox(
      client,
      this.api,
      {
        changed: (o) => this.pane.showPending(o),
        delivered: (m) => {
          this.directory.noteMessage(m);
          this.pane.confirmed(m);
        },
        discarded: (o) => this.pane.discarded(o),
      },
      this.e2ee,
      new OutboxStore(this.me.id),
    );
    this.composer = new Composer((id, body, attachments, links) => this.outbox.send(id, body, attachments, links), new AttachmentPicker(this.api), new VoiceRecorder(this.api, notifier), new TypingReporter(client, this.features), this.drafts);
    this.pane = new ConversationPane({
      api: this.api,
      client,
      me: this.me,
      directory: this.directory,
      outbox: this.outbox,
      composer: this.composer,
      notifier,
      e2ee: this.e2ee,
      features: this.features,
      onClosed: () => {
        this.lastOpened.forget();
        this.screen.dataset.view = 'list';
        this.listView.focusActive();
      },
      membershipEnded: (id, notice) => this.lose(id, () => notice),
    });
    this.listView = new ConversationListView(this.directory, (id) => this.open(id));
    this.settingToggles = [FAVOURITE, MUTE].map((setting) => new ConversationSettingToggle(setting, this.api, this.directory, notifier));
    new BrowseDialog(this.api, this.directory, (c) => this.open(c.id));
    new BusinessDirectory(this.api, this.me, this.directory, (id) => this.open(id));
    new SearchDialog(this.api, this.directory, (id, seq) => this.open(id, seq), this.me.id);
    new CreateDialog(
      this.api,
      this.e2ee,
      new PeoplePicker(this.api, this.me.id),
      (c) => {
        this.directory.upsert(c);
        this.open(c.id);
      },
      notifier,
    );
    this.push = new PushRegistration(this.api);
    new NotificationsDialog(this.api, this.push);
    this.auditLog = new AuditLogDialog(this.api, (id) => {
      const known = this.directory.get(id);
      return known && this.directory.titleOf(known);
    });
    this.push.onOpenRequest((id, seq) => this.open(id, seq));
    const account = new AccountDialog(this.api);
    new ProfileSection(this.api, () => this.me.displayName, (user) => this.renamed(user.id, user.displayName, user.avatarUrl));
    new KeyBackupSection(this.e2ee);
    new E2eeDevicesSection(this.api, this.e2ee.deviceId, () => account.refreshSessions());
    new LocaleControl(this.api, notifier);
    this.organization = new OrganizationDialog(this.api);
    this.routeFrames();
    this.renderMe();
    byId('logout-button').addEventListener('click', () => void this.logout());
  }

  start(): void {
    this.screen.hidden = false;
    this.listView.render();
    // A new view: focus its heading, so keyboard and screen reader users start from the top of it.
    byId('sidebar-title').focus();
    // Also before the socket is up: the list should not wait for the live connection.
    const listed = this.directory.refresh().then(
      () => true,
      (err) => {
        this.notifier.error(err, t('chat.loadFailed'));
        return false;
      },
    );
    // Silent: a browser that cannot re-register still gets email, and the dialog says why.
    this.push.refresh().catch(() => undefined);
    const me = this.api.me();
    me.then(({ isAdmin, preferences, user }) => {
      if (adoptAccountLocale(preferences)) return;
      // The stored login may carry a name changed since on another device.
      if (user.displayName !== this.me.displayName || user.avatarUrl !== this.me.avatarUrl) this.renamed(user.id, user.displayName, user.avatarUrl);
      this.auditLog.offer(isAdmin);
      this.organization.offer(isAdmin);
    }, () => undefined);
    this.readFeatures();
    // Every login: this browser's device key is made if missing and registered, so others can wrap keys for it before it first sends.
    this.e2ee.ready().catch((err) => this.notifier.error(err, t('e2ee.deviceKeyFailed')));
    void listed.then((ok) => (ok ? this.forgetRestoredLost() : undefined));
    if (!this.openLinkedConversation()) {
      const defaultChannels = me.then(({ defaultChannels }) => defaultChannels, () => []);
      void Promise.all([listed, defaultChannels]).then(([ok, channels]) => ok && this.openRemembered(channels));
    }
    window.addEventListener('hashchange', () => this.openLinkedConversation());
  }

  /** What is on for me now; a failure leaves the last answer (or everything on), and the server still refuses what is off. */
  private readFeatures(): void {
    applyFeatureGates(this.api, this.features).catch(() => undefined);
  }

  /**
   * `/#conversation=<id>[&seq=<n>]` (conversation-link.ts): where a clicked notification or a
   * notification email sends a browser with no chat window open, and a link copied from a message
   * leads, in this tab too (a link pasted into its address bar, or one in a message opened here).
   */
  private openLinkedConversation(): boolean {
    const linked = linkedConversation(location.hash);
    if (!linked) return false;
    history.replaceState(null, '', location.pathname);
    this.open(linked.conversationId, linked.seq);
    return true;
  }

  /**
   * Unless something else was opened meanwhile: the conversation this user last had open here, if I
   * am still in it; else the first of the tenant's default channels I am in (none: the empty pane).
   */
  private openRemembered(defaultChannels: readonly string[]): void {
    if (this.openRequested) return;
    const id = this.lastOpened.get();
    if (id && this.directory.get(id)) return this.open(id);
    if (id) this.lastOpened.forget();
    const channel = firstDefaultChannel(this.directory.list(), defaultChannels);
    if (channel) this.open(channel);
  }

  /** `atSeq`: a search result, shown and focused in place of the composer. */
  private open(id: string, atSeq?: number): void {
    this.openRequested = true;
    this.lastOpened.remember(id);
    this.screen.dataset.view = 'conversation';
    void this.pane.open(id, atSeq).then(() => {
      if (this.pane.openId === id && atSeq === undefined) byId('composer-input').focus();
    });
  }

  private routeFrames(): void {
    const { socket } = this.connection.client;
    const client = this.connection.client;
    // On every (re)connect: rooms are per socket, so subscribe again, and catch up on what changed.
    // Login read the features already; after a reconnect they are read again, since a flag may have
    // changed while the socket was down, its frame lost. (Not socket.io's 'reconnect': that comes
    // only from its own retries, not from connection.ts's connect() after a server's disconnect,
    // the banner's Reconnect, the network's return or a renewed token.)
    let connectedBefore = false;
    socket.on('connect', () => {
      if (connectedBefore) this.readFeatures();
      connectedBefore = true;
      this.directory
        .refresh()
        .then(() => Promise.all([this.directory.subscribeAll(client), this.pane.resyncShown()]))
        .catch((err) => this.notifier.error(err, t('chat.loadFailed')));
    });
    socket.on('message.created', ({ message }) => this.directory.noteMessage(message));
    socket.on('presence', ({ userId, status, lastSeenAt }) => this.pane.presenceChanged(userId, status, lastSeenAt));
    socket.on('typing', ({ conversationId, userIds }) => this.pane.typingChanged(conversationId, userIds));
    socket.on('viewers', ({ conversationId, userIds }) => this.pane.viewersChanged(conversationId, userIds));
    socket.on('read', ({ conversationId, userId, seq }) => {
      if (userId === this.me.id) this.directory.noteMyRead(conversationId, seq);
      else this.pane.readBy(conversationId, userId, seq);
    });
    socket.on('delivered', ({ conversationId, pointers }) => this.pane.deliveredTo(conversationId, pointers));
    socket.on('message.updated', ({ message }) => this.pane.messageUpdated(message));
    socket.on('message.deleted', ({ conversationId, id, seq }) => this.pane.messageDeleted(conversationId, id, seq));
    socket.on('reaction.updated', (frame) => this.pane.reactionsUpdated(frame));
    socket.on('pin.updated', ({ conversationId }) => this.pane.pinsChanged(conversationId));
    socket.on('member.joined', ({ conversationId, userId }) => {
      if (userId === this.me.id && !this.directory.get(conversationId)) {
        // Invited, or joined in another tab: fetch the list entry and listen to it.
        this.directory
          .refresh()
          .then(() => this.directory.subscribe(client, conversationId))
          .catch((err) => this.notifier.error(err, t('chat.loadFailed')));
      }
      if (conversationId === this.pane.openId) this.pane.reloadMembers();
    });
    socket.on('member.left', ({ conversationId, userId, reason }) => {
      if (userId === this.me.id) this.lose(conversationId, (title) => t(LEFT_NOTICE[reason ?? 'left'], { title }));
      else if (conversationId === this.pane.openId) this.pane.memberLeft(userId);
    });
    socket.on('member.updated', ({ conversationId }) => {
      if (conversationId === this.pane.openId) this.pane.reloadMembers();
    });
    socket.on('user.updated', ({ userId, displayName, avatarUrl }) => this.renamed(userId, displayName, avatarUrl ?? null));
    socket.on('favourite.updated', ({ conversationId, favourite }) => this.directory.setFavourite(conversationId, favourite));
    socket.on('mute.updated', ({ conversationId, muted }) => this.directory.setMuted(conversationId, muted));
    socket.on('features.updated', (frame) => this.featureRefresh.flagChanged(frame));
    const reportNotices = new ReportNotices(this.api, this.notifier, {
      moderation: (id) => this.pane.moderationLog.show(id),
      tenantReports: () => this.organization.showReports(),
    });
    socket.on('message.reported', ({ report }) => {
      if (report.escalated) this.organization.reportFiled();
      else this.pane.moderationLog.reportFiled(report.conversationId);
      void reportNotices.reported(report);
    });
    socket.on('media.quarantined', ({ quarantined }) => {
      this.organization.fileQuarantined();
      const text = t('quarantine.notice', { uploader: quarantined.uploaderName ?? t('quarantine.goneAccount'), name: quarantined.name });
      this.notifier.offer(text, () => this.organization.showQuarantine());
    });
    socket.on('conversation.updated', ({ conversation }) => {
      this.directory.upsert(conversation);
      this.pane.conversationUpdated(conversation);
    });
    // The server disconnects right after; my logins are revoked already.
    socket.on('account.banned', ({ until }) => this.end(until ? t('chat.bannedUntil', { time: fullTime(until) }) : t('chat.banned')));
    socket.on('conversation.deleted', ({ conversationId }) => this.lose(conversationId, (title) => t('membership.deleted', { title })));
  }

  /**
   * A conversation I am no longer in (left here or in another tab, removed, banned, deleted), heard
   * from a frame or a reply, or found out later (the list no longer has it, the server refuses it):
   * its unsent messages and draft go for good, and I am told why.
   */
  private lose(conversationId: string, notice: (title: string) => string): void {
    this.outbox.dropConversation(conversationId);
    this.composer.forget(conversationId);
    const gone = this.directory.get(conversationId);
    if (!gone) return; // heard already: leaving or deleting here comes as the reply and as the frame
    const text = notice(this.directory.titleOf(gone));
    this.directory.remove(conversationId);
    if (this.pane.openId === conversationId) this.pane.close(text);
    else this.notifier.info(text);
  }

  /** What an earlier page kept (sends, drafts) for a conversation no longer in my list was lost while no page of mine listened. */
  /**
   * Sends and drafts kept from an earlier page whose conversation the first list missed are
   * forgotten once the server says it is no longer mine: the list is paged by activity, and one that
   * became active while it was read is on no page.
   */
  private async forgetRestoredLost(): Promise<void> {
    const mine = new Set(this.directory.list().map((c) => c.id));
    const unlisted = [...new Set([...this.outbox.restoredConversations(), ...this.drafts.restoredConversations()])].filter((id) => !mine.has(id));
    const lost = new Set(await this.directory.lostAmong(unlisted));
    for (const id of unlisted) if (!lost.has(id)) mine.add(id);
    this.outbox.forgetRestoredOutside(mine);
    this.drafts.forgetRestoredOutside(mine);
  }

  /** Someone I share a conversation with (or I) is called something else now, or has another picture: every place showing them follows. */
  private renamed(userId: string, displayName: string, avatarUrl: string | null): void {
    if (userId === this.me.id) {
      this.me.displayName = displayName;
      this.me.avatarUrl = avatarUrl;
      this.renderMe();
    }
    this.directory.renameUser(userId, displayName, avatarUrl);
    this.pane.userRenamed(userId, displayName, avatarUrl);
  }

  private renderMe(): void {
    const avatar = byId('me-avatar');
    drawAvatar(avatar, this.me.displayName, this.me.avatarUrl ?? null);
    avatar.style.setProperty('--hue', String(hueOf(this.me.id)));
    byId('me-name').textContent = this.me.displayName;
    byId('me-username').textContent = `@${this.me.username}${this.me.isGuest ? t('chat.guestSuffix') : ''}`;
  }

  private async logout(): Promise<void> {
    // Logging out on purpose leaves nothing typed behind: no draft in this tab, no unsent message in this browser.
    this.drafts.clear();
    this.outbox.clear();
    try {
      await this.api.logout();
    } catch {
      // Logged out locally either way; the tokens expire on their own.
    }
    this.end(t('chat.loggedOut'));
  }

  private end(notice: string): void {
    if (this.ended) return; // a failed logout request can end the session on its own first
    this.ended = true;
    this.connection.close();
    this.outbox.close();
    this.featureRefresh.stop();
    // Clear only this login's tokens: another tab may have stored a different account meanwhile.
    if (this.store.load()?.user.id === this.me.id) this.store.clear();
    this.onEnded(notice);
  }
}
