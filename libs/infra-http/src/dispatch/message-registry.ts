import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { COMMAND_HANDLER_METADATA, QUERY_HANDLER_METADATA } from '@nestjs/cqrs/dist/decorators/constants';
import type { DispatchKind } from './http-dispatcher';

type MessageClass = new (...args: never[]) => object;

/**
 * The command and query classes this app has handlers for, by class name: exactly what a remote
 * caller may dispatch here. Built from the handlers' own decorators, so a new use case is
 * reachable over the internal call without a list to keep in step.
 */
@Injectable()
export class MessageRegistry implements OnApplicationBootstrap {
  private readonly classes: Record<DispatchKind, Map<string, MessageClass>> = { commands: new Map(), queries: new Map() };

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const { metatype } of this.discovery.getProviders()) {
      if (!metatype) continue;
      const command = Reflect.getMetadata(COMMAND_HANDLER_METADATA, metatype) as MessageClass | undefined;
      const query = Reflect.getMetadata(QUERY_HANDLER_METADATA, metatype) as MessageClass | undefined;
      if (command) this.classes.commands.set(command.name, command);
      if (query) this.classes.queries.set(query.name, query);
    }
  }

  /** The message rebuilt with its class's prototype (the buses route by constructor), or null if unknown here. */
  revive(kind: DispatchKind, name: string, fields: object): object | null {
    const type = this.classes[kind].get(name);
    return type ? Object.assign(Object.create(type.prototype) as object, fields) : null;
  }
}
