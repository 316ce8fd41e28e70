import { uuidArrayLiteral } from './uuid-array-literal';

describe('uuidArrayLiteral', () => {
  it('writes the ids as one array literal, an empty one for none', () => {
    expect(uuidArrayLiteral(['01a24ce9-680a-7774-9fb1-47bf26e7e1fc', '01a24ce9-6832-74ca-8ff1-13c94c13bc48'])).toBe('{01a24ce9-680a-7774-9fb1-47bf26e7e1fc,01a24ce9-6832-74ca-8ff1-13c94c13bc48}');
    expect(uuidArrayLiteral([])).toBe('{}');
  });
});
