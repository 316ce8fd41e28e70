import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { MediaEntity } from '@chat/persistence';

/** A new row fits when the tenant's media stays within `quotaBytes` (0 = no quota). */
@Injectable()
export class MediaRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Bytes of media the tenant keeps now. */
  async usedBytes(tenantId: string): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT COALESCE(SUM(size), 0)::text AS used FROM media WHERE tenant_id = $1`, [tenantId]);
    return Number(row.used);
  }

  /**
   * Inserts the row unless it would take the tenant past its quota (false then). Uploads of one
   * tenant take a transaction-scoped advisory lock for the check, so concurrent uploads cannot
   * each fit alone and overshoot together.
   */
  async insertWithinQuota(row: MediaEntity, quotaBytes: number): Promise<boolean> {
    if (quotaBytes === 0) {
      await this.dataSource.getRepository(MediaEntity).insert(row);
      return true;
    }
    return this.dataSource.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('media-quota:' || $1))`, [row.tenantId]);
      const [{ used }] = await em.query(`SELECT COALESCE(SUM(size), 0)::text AS used FROM media WHERE tenant_id = $1`, [row.tenantId]);
      if (Number(used) + row.size > quotaBytes) return false;
      await em.getRepository(MediaEntity).insert(row);
      return true;
    });
  }

  findById(id: string): Promise<MediaEntity | null> {
    return this.dataSource.getRepository(MediaEntity).findOneBy({ id });
  }

  /** Those of `ids` that this user uploaded in this tenant. */
  findOwned(tenantId: string, uploaderId: string, ids: string[]): Promise<MediaEntity[]> {
    return this.dataSource.getRepository(MediaEntity).findBy({ tenantId, uploaderId, id: In(ids) });
  }
}
