import 'reflect-metadata';
import type { DynamicModule, Provider, Type } from '@nestjs/common';
import { MediaPurge } from '@chat/media';
import { loadConfig } from '@chat/platform';
import { AccountErasure, PrivacyModule } from '@chat/privacy';
import { QueryAppModule } from './app.module';

type Imported = Type | DynamicModule | Promise<DynamicModule>;

/** Every module the root brings in, and every provider class they declare, without starting anything. */
async function graphOf(root: DynamicModule): Promise<{ modules: Set<Type>; providers: Set<unknown> }> {
  const modules = new Set<Type>();
  const providers = new Set<unknown>();
  const visit = async (entry: Imported | undefined): Promise<void> => {
    const imported = await entry;
    if (!imported) return;
    const dynamic = 'module' in imported ? imported : null;
    const type = dynamic ? dynamic.module : (imported as Type);
    const declared: Provider[] = [...(Reflect.getMetadata('providers', type) ?? []), ...(dynamic?.providers ?? [])];
    const seen = modules.has(type);
    modules.add(type);
    declared.forEach((p) => providers.add(typeof p === 'function' ? p : p.provide));
    if (seen && !dynamic) return;
    for (const next of [...(Reflect.getMetadata('imports', type) ?? []), ...(dynamic?.imports ?? [])]) await visit(next);
  };
  await visit(root);
  return { modules, providers };
}

describe('the query app', () => {
  it('serves the account export but runs none of the command side’s sweepers (account erasure, media purge)', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://chat@127.0.0.1/chat', JWT_SECRET: 'x'.repeat(32) });
    const { modules, providers } = await graphOf(QueryAppModule.forRoot(config));
    expect(modules.has(PrivacyModule)).toBe(true);
    expect(providers.has(AccountErasure)).toBe(false);
    expect(providers.has(MediaPurge)).toBe(false);
  });
});
