import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Audited } from '@chat/audit';
import type { MediaQuarantineResponse } from '@chat/contracts';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { MediaQuarantinePageDto } from './media-quarantine.dto';
import { MediaQuarantine } from './media-quarantine';

/** The tenant administrators' view of the quarantine, under `/v1/media` so that a split gateway forwards it to the media app, beside the storage. */
@ApiTags('media')
@ApiBearerAuth()
@UseGuards(AccessTokenGuard)
@Controller('v1/media/quarantine')
export class MediaQuarantineController {
  constructor(private readonly quarantine: MediaQuarantine) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: MediaQuarantinePageDto): Promise<MediaQuarantineResponse> {
    return this.quarantine.page(principal, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @Audited({ action: 'admin.media-quarantine.delete', conversationOf: () => undefined, detailsOf: (req) => ({ mediaId: req.params.id }) })
  async delete(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.quarantine.delete(principal, id);
  }
}
