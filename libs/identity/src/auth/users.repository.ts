import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { User } from '@chat/contracts';
import { usernameKey } from '@chat/domain';
import { UserEntity } from '@chat/persistence';

export function toUser(row: UserEntity): User {
  return { id: row.id, username: row.username, displayName: row.displayName, isGuest: row.isGuest, createdAt: row.createdAt.toISOString() };
}

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(UserEntity);
  }

  findByUsername(tenantId: string, username: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ tenantId, usernameKey: usernameKey(username) });
  }

  findById(tenantId: string, id: string): Promise<UserEntity | null> {
    return this.repo.findOneBy({ tenantId, id });
  }

  findMany(tenantId: string, ids: readonly string[]): Promise<UserEntity[]> {
    return ids.length ? this.repo.findBy({ tenantId, id: In([...ids]) }) : Promise.resolve([]);
  }

  /** Inserts; the unique (tenant, username_key) index decides races between two registrations. */
  async insert(user: Omit<UserEntity, 'createdAt' | 'usernameKey'>): Promise<UserEntity> {
    const row = this.repo.create({ ...user, usernameKey: usernameKey(user.username) });
    await this.repo.insert(row);
    return (await this.findById(user.tenantId, user.id))!;
  }
}
