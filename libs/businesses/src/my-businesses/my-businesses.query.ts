import { Query } from '@nestjs/cqrs';
import type { MyBusiness } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class MyBusinessesQuery extends Query<MyBusiness[]> {
  constructor(readonly principal: Principal) {
    super();
  }
}
