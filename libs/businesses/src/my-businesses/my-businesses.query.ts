import { Query } from '@nestjs/cqrs';
import type { MyBusinessesQuery as Page, MyBusinessesResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class MyBusinessesQuery extends Query<MyBusinessesResponse> {
  constructor(
    readonly principal: Principal,
    readonly page: Page,
  ) {
    super();
  }
}
