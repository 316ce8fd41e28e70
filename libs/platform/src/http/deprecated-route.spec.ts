import { DECORATORS } from '@nestjs/swagger';
import { ApiOperation } from '@nestjs/swagger';
import { DeprecatedRoute, deprecationHeaders } from './deprecated-route';

describe('deprecation headers', () => {
  it('builds Deprecation (RFC 9745 date), Sunset (RFC 8594 HTTP-date) and the Links', () => {
    expect(deprecationHeaders({ since: '2026-12-01', sunset: '2027-06-30', successor: '/v1/things', guide: 'https://chat.example/docs/api-versions#things' })).toEqual({
      Deprecation: `@${Date.UTC(2026, 11, 1) / 1000}`,
      Sunset: 'Wed, 30 Jun 2027 00:00:00 GMT',
      Link: '<https://chat.example/docs/api-versions#things>; rel="deprecation"; type="text/html", <https://chat.example/docs/api-versions#things>; rel="sunset"; type="text/html", </v1/things>; rel="successor-version"',
    });
  });

  it('leaves Link out when there is neither a guide nor a successor', () => {
    expect(deprecationHeaders({ since: '2026-12-01T12:00:00Z', sunset: '2027-01-01' })).toEqual({ Deprecation: `@${Date.UTC(2026, 11, 1, 12) / 1000}`, Sunset: 'Fri, 01 Jan 2027 00:00:00 GMT' });
  });

  it('refuses a notice that cannot be right, so the app fails at start', () => {
    expect(() => deprecationHeaders({ since: 'soon', sunset: '2027-01-01' })).toThrow(/since must be an ISO date/);
    expect(() => deprecationHeaders({ since: '2026-01-01', sunset: '30/06/2027' })).toThrow(/sunset must be an ISO date/);
    expect(() => deprecationHeaders({ since: '2027-01-01', sunset: '2026-01-01' })).toThrow(/before since/);
  });

  it('marks the OpenAPI operation deprecated and keeps what @ApiOperation said', () => {
    class Things {
      @DeprecatedRoute({ since: '2026-12-01', sunset: '2027-06-30', successor: '/v1/things' })
      @ApiOperation({ summary: 'Old things', description: 'Lists things' })
      list(): void {}
    }
    const operation = Reflect.getMetadata(DECORATORS.API_OPERATION, Things.prototype.list);
    expect(operation).toMatchObject({ summary: 'Old things', deprecated: true, description: expect.stringContaining('Lists things') });
    expect(operation.description).toContain('sunset 2027-06-30');
    expect(operation.description).toContain('/v1/things');
  });
});
