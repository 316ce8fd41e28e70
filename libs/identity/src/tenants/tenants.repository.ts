import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Tenant } from '@chat/contracts';
import { TenantEntity } from '@chat/persistence';

export function toTenant(row: TenantEntity): Tenant {
  return { id: row.id, slug: row.slug, name: row.name, createdAt: row.createdAt.toISOString(), openRegistration: row.openRegistration, guestsAllowed: row.guestsAllowed };
}

@Injectable()
export class TenantsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findBySlug(slug: string): Promise<TenantEntity | null> {
    return this.dataSource.getRepository(TenantEntity).findOneBy({ slug });
  }

  findById(id: string): Promise<TenantEntity | null> {
    return this.dataSource.getRepository(TenantEntity).findOneBy({ id });
  }

  /** Changes who may join by themselves; null when there is no such tenant. */
  async updateSignUp(id: string, changes: Partial<Pick<TenantEntity, 'openRegistration' | 'guestsAllowed'>>): Promise<TenantEntity | null> {
    if (Object.keys(changes).length > 0) await this.dataSource.getRepository(TenantEntity).update({ id }, changes);
    return this.findById(id);
  }

  /** Inserts in the caller's transaction; the unique slug index decides races between two creations. */
  async insert(em: EntityManager, tenant: Pick<TenantEntity, 'id' | 'slug' | 'name' | 'guestsAllowed'>): Promise<TenantEntity> {
    await em.getRepository(TenantEntity).insert(tenant);
    return (await em.getRepository(TenantEntity).findOneBy({ id: tenant.id }))!;
  }
}
