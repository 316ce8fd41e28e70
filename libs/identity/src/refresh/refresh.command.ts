import { Command } from '@nestjs/cqrs';
import type { AuthResponse } from '@chat/contracts';

export class RefreshCommand extends Command<AuthResponse> {
  constructor(
    readonly refreshToken: string,
    /** The X-Device-Proof header, which a device-bound login needs (contracts device-proof.ts). */
    readonly deviceProof: string | undefined,
  ) {
    super();
  }
}
