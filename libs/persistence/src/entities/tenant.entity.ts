import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('tenants')
@Index('tenants_slug', ['slug'], { unique: true })
export class TenantEntity {
  @PrimaryColumn('uuid') id: string;
  /** How a login names its tenant (X-Tenant); unique across the install. */
  @Column('text') slug: string;
  @Column('text') name: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}
