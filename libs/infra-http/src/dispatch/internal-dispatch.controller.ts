import { Body, Controller, HttpCode, Inject, Param, Post, UseGuards, type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { isServiceToken, SERVICE_TOKEN_HEADER } from '../service-token';
import type { DispatchKind } from './http-dispatcher';
import { MessageRegistry } from './message-registry';

/** Only other apps of this deployment, holding SERVICE_TOKEN, may call internal endpoints. */
@Injectable()
export class ServiceTokenGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (isServiceToken(this.config.services.token, req.headers[SERVICE_TOKEN_HEADER])) return true;
    throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Internal endpoints need the service token');
  }
}

/**
 * Receives commands and queries from the gateway (HttpDispatcher) and runs them on this app's
 * buses. The principal inside the message was authenticated by the gateway; the service token is
 * what makes that trustworthy. Errors leave through the usual filter, in the contract's shape.
 */
@ApiExcludeController()
@UseGuards(ServiceTokenGuard)
@Controller('internal/v1')
export class InternalDispatchController {
  constructor(
    private readonly registry: MessageRegistry,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('commands/:name')
  @HttpCode(200)
  command(@Param('name') name: string, @Body() fields: object): Promise<{ result: unknown }> {
    return this.run('commands', name, fields, (m) => this.commands.execute(m));
  }

  @Post('queries/:name')
  @HttpCode(200)
  query(@Param('name') name: string, @Body() fields: object): Promise<{ result: unknown }> {
    return this.run('queries', name, fields, (m) => this.queries.execute(m));
  }

  private async run(kind: DispatchKind, name: string, fields: object, execute: (message: object) => Promise<unknown>): Promise<{ result: unknown }> {
    const message = this.registry.revive(kind, name, fields);
    if (!message) throw new DomainError(ErrorCode.ROUTE_NOT_FOUND, `No ${kind === 'commands' ? 'command' : 'query'} ${name} here`);
    return { result: (await execute(message)) ?? null };
  }
}
