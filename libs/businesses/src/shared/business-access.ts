import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import type { BusinessEntity } from '@chat/persistence';
import { BusinessesRepository } from './businesses.repository';

/** Who may do what with a business: its owner manages it; its agents (and owner) work its inbox. */
@Injectable()
export class BusinessAccess {
  constructor(private readonly businesses: BusinessesRepository) {}

  async require(tenantId: string, businessId: string, em?: EntityManager): Promise<BusinessEntity> {
    const business = em ? await this.businesses.lock(em, tenantId, businessId) : await this.businesses.find(tenantId, businessId);
    if (!business) throw new DomainError(ErrorCode.BUSINESS_NOT_FOUND, 'No such business', 'Check the business id');
    return business;
  }

  assertOwner(business: BusinessEntity, userId: string): void {
    if (business.ownerId !== userId) throw new DomainError(ErrorCode.FORBIDDEN, 'Only the business’s owner manages it', 'Ask its owner');
  }

  async assertInsider(business: BusinessEntity, userId: string, em?: EntityManager): Promise<void> {
    if (business.ownerId !== userId && !(await this.businesses.isAgent(business.id, userId, em))) {
      throw new DomainError(ErrorCode.FORBIDDEN, 'Only the business’s agents work its inbox', 'Ask its owner to add you as an agent');
    }
  }
}
