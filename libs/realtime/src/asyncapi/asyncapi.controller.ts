import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Generated from @chat/contracts' socket types by `npm run docs:asyncapi` and committed. */
export const ASYNCAPI_FILE = path.resolve(__dirname, '../../../../docs/asyncapi.json');

/**
 * GET /docs/asyncapi.json: the socket contract's AsyncAPI document, beside the REST contract's
 * OpenAPI one (/docs, /docs-json), on every app that serves sockets. Read once at start, so an
 * image built without the file fails at boot rather than on the first reader.
 */
@ApiExcludeController()
@Controller('docs')
export class AsyncApiController {
  private readonly document: unknown = readDocument();

  @Get('asyncapi.json')
  asyncApi(): unknown {
    return this.document;
  }
}

function readDocument(): unknown {
  try {
    return JSON.parse(readFileSync(ASYNCAPI_FILE, 'utf8'));
  } catch (cause) {
    throw new Error(`Cannot read the AsyncAPI document ${ASYNCAPI_FILE} (generate it with npm run docs:asyncapi)`, { cause });
  }
}
