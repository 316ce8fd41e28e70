import { Command } from '@nestjs/cqrs';
import type { UploadUrlRequest, UploadUrlResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class CreateUploadUrlCommand extends Command<UploadUrlResponse> {
  constructor(
    readonly principal: Principal,
    readonly request: UploadUrlRequest,
  ) {
    super();
  }
}
