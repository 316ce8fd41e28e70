import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Put, Query, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import type { MediaLimitsResponse, MediaResponse, UploadUrlResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { AccessTokenGuard, CurrentPrincipal, type Principal } from '@chat/identity';
import { APP_CONFIG, UserRateLimits, type AppConfig } from '@chat/platform';
import { UsageMeter } from '@chat/tenancy';
import { DownloadMediaQuery } from './download-media/download-media.query';
import type { MediaVariant } from './links/media-url-signer';
import { RangeNotSatisfiableError, uploadInterrupted } from './shared/media-errors';
import { UploadMediaCommand } from './upload-media/upload-media.command';
import { UploadMediaDto } from './upload-media/upload-media.dto';
import { maxUploadBytes } from './upload-media/upload-policy';
import { CreateUploadUrlCommand } from './upload-urls/create-upload-url.command';
import { UploadToUrlCommand } from './upload-urls/upload-to-url.command';
import { UploadUrlDto } from './upload-urls/upload-urls.dto';

const VARIANTS: readonly string[] = ['content', 'thumbnail'] satisfies MediaVariant[];

@ApiTags('media')
@Controller('v1/media')
export class MediaController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly usage: UsageMeter,
    private readonly rates: UserRateLimits,
  ) {}

  /**
   * The body is the file, streamed raw (no multipart); `Content-Type` is its type, `?name=` its name.
   * Each upload spends one of the user's RATE_LIMIT_UPLOADS_PER_MINUTE before a byte is read (here
   * rather than in the handler, which already has its hands full with storage, scanning and quotas).
   */
  @Post()
  @HttpCode(201)
  @ApiBearerAuth()
  @UseGuards(AccessTokenGuard)
  @ApiConsumes('application/octet-stream')
  @ApiBody({ description: 'The file bytes; Content-Type is the file type (MEDIA_ALLOWED_TYPES)', schema: { type: 'string', format: 'binary' } })
  async upload(@CurrentPrincipal() principal: Principal, @Query() query: UploadMediaDto, @Req() req: Request): Promise<MediaResponse> {
    await this.rates.spend('uploadsPerMinute', principal.userId);
    const file = { name: query.name, contentType: req.headers['content-type'], declaredBytes: declaredLength(req), declaredDurationMs: query.durationMs ?? null };
    const { media } = await receiving(req, maxUploadBytes(this.config.media), (source) => this.commands.execute(new UploadMediaCommand(principal, file, source)));
    return { media };
  }

  /** A pre-signed upload URL (see @chat/contracts media.ts); it spends the upload from RATE_LIMIT_UPLOADS_PER_MINUTE now. */
  @Post('upload-urls')
  @HttpCode(201)
  @ApiBearerAuth()
  @UseGuards(AccessTokenGuard)
  async uploadUrl(@CurrentPrincipal() principal: Principal, @Body() body: UploadUrlDto): Promise<UploadUrlResponse> {
    await this.rates.spend('uploadsPerMinute', principal.userId);
    return this.commands.execute(new CreateUploadUrlCommand(principal, body));
  }

  /** Public: the signed URL is the permission. 201 when the file is stored now, 200 when this URL stored it before. */
  @Put('uploads/:token')
  @ApiConsumes('application/octet-stream')
  @ApiBody({ description: 'The file bytes, with the Content-Type the URL was issued for', schema: { type: 'string', format: 'binary' } })
  async uploadTo(@Param('token') token: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<MediaResponse> {
    const { media, created } = await receiving(req, maxUploadBytes(this.config.media), (source) => this.commands.execute(new UploadToUrlCommand(token, req.headers['content-type'], declaredLength(req), source)));
    res.status(created ? 201 : 200);
    return { media };
  }

  @Get('limits')
  @ApiBearerAuth()
  @UseGuards(AccessTokenGuard)
  limits(): MediaLimitsResponse {
    return { maxBytes: maxUploadBytes(this.config.media), allowedTypes: this.config.media.allowedTypes, voiceMaxSeconds: this.config.media.voiceMaxSeconds };
  }

  /** Public: the signed link is the permission. HEAD works too (Express routes it here). */
  @Get(':id/:variant')
  async download(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('variant') variant: string,
    @Query('expires') expires: unknown,
    @Query('sig') sig: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    if (!VARIANTS.includes(variant)) throw new NotFoundException();
    let download;
    try {
      download = await this.queries.execute(new DownloadMediaQuery(id, variant as MediaVariant, expires, sig, req.headers.range));
    } catch (err) {
      if (err instanceof RangeNotSatisfiableError) res.setHeader('content-range', `bytes */${err.size}`);
      throw err;
    }
    res.status(download.status).set(download.headers);
    if (req.method === 'HEAD') {
      download.body.destroy();
      res.end();
      return;
    }
    // A reader that goes away mid-file ends the pipeline; there is nobody left to answer.
    await pipeline(download.body, countedFor(download.tenantId, this.usage), res).catch(() => undefined);
  }
}

/** Content-Length when the client sent one: an oversized file is refused before a byte is read. */
function declaredLength(req: Request): number | null {
  const length = Number(req.headers['content-length']);
  return Number.isSafeInteger(length) ? length : null;
}

/**
 * Runs an upload over the request's body. A failure that is not a refusal is the client's
 * interrupted upload only when the body itself failed (the client went away, its connection
 * broke); the storage or the database failing mid-body is the server's, answered as such.
 */
async function receiving<T>(req: Request, maxBytes: number, upload: (source: AsyncIterable<Uint8Array>) => Promise<T>): Promise<T> {
  // The request emits 'error' only for the client's side: the server destroying it (a consumer giving up) emits none.
  let clientFailed = false;
  const noteClientFailure = () => (clientFailed = true);
  req.on('error', noteClientFailure);
  // Not destroyed when the handler stops reading (over a limit), so the error answer can still go out.
  const source = req.iterator({ destroyOnReturn: false });
  try {
    return await upload(source);
  } catch (err) {
    settleUnreadRest(req, maxBytes);
    if (!(err instanceof DomainError) && clientFailed) throw uploadInterrupted(err);
    throw err;
  } finally {
    req.off('error', noteClientFailure);
  }
}

/**
 * The rest of a refused upload's body. A connection closed while bytes still arrive is reset by the
 * kernel, and the reset can destroy the answer before the client (or a gateway forwarding it) has
 * read it: the 413 would arrive as a broken connection. So a body declared no larger than twice the
 * largest upload is read to its end and dropped, keeping the connection (it costs at most another
 * upload's reading); a larger or undeclared one closes the connection once the answer is out.
 */
function settleUnreadRest(req: Request, maxBytes: number): void {
  if (req.complete) return;
  const declared = declaredLength(req);
  if (declared !== null && declared <= 2 * maxBytes) req.resume();
  else req.res?.setHeader('Connection', 'close');
}

/** Passes the file's chunks through, metering what was read out to the client as the tenant's egress (a reader that leaves mid-file is charged what it got). */
function countedFor(tenantId: string, usage: UsageMeter) {
  return async function* (chunks: AsyncIterable<Buffer>) {
    for await (const chunk of chunks) {
      usage.mediaServed(tenantId, chunk.length);
      yield chunk;
    }
  };
}
