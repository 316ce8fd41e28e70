import { InitialSchema1700000000000 } from './1700000000000-initial-schema';
import { RealtimeReadModels1764000000000 } from './1764000000000-realtime-read-models';
import { SearchMessages1765000000000 } from './1765000000000-search-messages';
import { Media1766000000000 } from './1766000000000-media';
import { OutboxAudienceChanges1767000000000 } from './1767000000000-outbox-audience-changes';
import { ChangeLogHorizon1768000000000 } from './1768000000000-change-log-horizon';
import { OutboxNotifyOptOut1769000000000 } from './1769000000000-outbox-notify-opt-out';
import { Notifications1770000000000 } from './1770000000000-notifications';
import { Moderation1771000000000 } from './1771000000000-moderation';
import { AuditLog1772000000000 } from './1772000000000-audit-log';
import { Businesses1773000000000 } from './1773000000000-businesses';
import { UserSearch1774000000000 } from './1774000000000-user-search';
import { AccountDeletion1775000000000 } from './1775000000000-account-deletion';
import { SessionDevices1776000000000 } from './1776000000000-session-devices';
import { Mfa1777000000000 } from './1777000000000-mfa';
import { AccountDeletionLeftovers1778000000000 } from './1778000000000-account-deletion-leftovers';
import { BusinessSearch1779000000000 } from './1779000000000-business-search';
import { Tenancy1780000000000 } from './1780000000000-tenancy';
import { TenantQuotas1781000000000 } from './1781000000000-tenant-quotas';
import { FeatureFlags1782000000000 } from './1782000000000-feature-flags';
import { TenantExports1783000000000 } from './1783000000000-tenant-exports';
import { Sso1784000000000 } from './1784000000000-sso';
import { MessageMedia1785000000000 } from './1785000000000-message-media';
import { TenantSignUp1786000000000 } from './1786000000000-tenant-sign-up';
import { TenantUsage1787000000000 } from './1787000000000-tenant-usage';
import { E2ee1788000000000 } from './1788000000000-e2ee';

/** Every migration in order; the data source runs the pending ones at start. */
export const MIGRATIONS = [InitialSchema1700000000000, RealtimeReadModels1764000000000, SearchMessages1765000000000, Media1766000000000, OutboxAudienceChanges1767000000000, ChangeLogHorizon1768000000000, OutboxNotifyOptOut1769000000000, Notifications1770000000000, Moderation1771000000000, AuditLog1772000000000, Businesses1773000000000, UserSearch1774000000000, AccountDeletion1775000000000, SessionDevices1776000000000, Mfa1777000000000, AccountDeletionLeftovers1778000000000, BusinessSearch1779000000000, Tenancy1780000000000, TenantQuotas1781000000000, FeatureFlags1782000000000, TenantExports1783000000000, Sso1784000000000, MessageMedia1785000000000, TenantSignUp1786000000000, TenantUsage1787000000000, E2ee1788000000000];
