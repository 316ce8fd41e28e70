import { Command } from '@nestjs/cqrs';

/** Where the browser goes next (the provider's authorization endpoint) and the state to bind to it (a cookie). */
export interface StartSsoResult {
  authorizationUrl: string;
  state: string;
}

export class StartSsoCommand extends Command<StartSsoResult> {
  constructor(
    /** The tenant slug the login is for (`?tenant=`); absent: the default tenant. */
    readonly tenantSlug: string | undefined,
    /** The web app's path to land on afterwards (`?returnTo=`). */
    readonly returnTo: string | undefined,
  ) {
    super();
  }
}
