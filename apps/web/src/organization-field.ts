import type { TenancyInfo } from '@chat/contracts';
import { ChatApi, type DeviceKeySigner } from '@chat/sdk';
import { byId } from './dom';

/** The organization this browser last signed in to, so people of one organization need not type it again. */
const REMEMBERED = 'chat.organization.v1';

/**
 * Which organization (tenant) a sign-in is for, on a server that hosts several
 * (`GET /v1/tenancy` says `multi`); hidden on a single-tenant server, where there is nothing to
 * choose. A link may name it (`?tenant=acme`); empty means the server's own organization.
 */
export class OrganizationField {
  private readonly field = byId('organization-field');
  private readonly input = byId<HTMLInputElement>('organization');
  private info: TenancyInfo = { mode: 'single', selfService: false };

  /** Asks the server how it is run and shows the field when it hosts several organizations. */
  async load(api: ChatApi): Promise<TenancyInfo> {
    this.info = await api.tenancy();
    if (this.info.mode === 'multi') {
      this.input.value ||= new URL(location.href).searchParams.get('tenant') ?? readRemembered() ?? '';
      this.field.hidden = false;
    }
    return this.info;
  }

  /** The organization named (its slug), or undefined for the server's own. */
  get slug(): string | undefined {
    const slug = this.input.value.trim().toLowerCase();
    return this.info.mode === 'multi' && slug ? slug : undefined;
  }

  onChange(listener: () => void): void {
    this.input.addEventListener('input', listener);
  }

  /** An API client whose sign-ins go to the organization named, bound to `deviceKey` when given. */
  api(deviceKey?: DeviceKeySigner): ChatApi {
    return new ChatApi({ baseUrl: location.origin, tenant: this.slug, deviceKey });
  }

  remember(slug: string | undefined): void {
    try {
      if (slug) localStorage.setItem(REMEMBERED, slug);
      else localStorage.removeItem(REMEMBERED);
    } catch {
      // Private browsing: the field is simply empty next time.
    }
  }
}

function readRemembered(): string | null {
  try {
    return localStorage.getItem(REMEMBERED);
  } catch {
    return null;
  }
}
