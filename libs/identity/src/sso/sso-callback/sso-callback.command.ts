import { Command } from '@nestjs/cqrs';

/** Where the web app lands: its returnTo path, and the one-time code it exchanges for tokens. */
export interface SsoCallbackResult {
  returnTo: string;
  loginCode: string;
}

export class SsoCallbackCommand extends Command<SsoCallbackResult> {
  constructor(
    /** The provider's answer, as its redirect's query said: `state` with `code`, or with `error`. */
    readonly answer: { state: string | null; code: string | null; error: string | null },
    /** The state this browser started with (its cookie): the answer must be for this browser's login. */
    readonly browserState: string | null,
  ) {
    super();
  }
}
