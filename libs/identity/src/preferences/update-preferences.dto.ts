import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, ValidateBy, ValidateIf } from 'class-validator';
import { LOCALES, type Locale, type UpdatePreferencesRequest } from '@chat/contracts';
import { ianaTimeZone } from '@chat/domain';

/** Null is a value here (it clears the preference), so only absence skips a field's checks. */
const given = (_: object, value: unknown) => value !== undefined && value !== null;

/** A string Intl knows as a zone name (ianaTimeZone); one message, whatever else the value is. */
const IsIanaTimeZone = () =>
  ValidateBy({
    name: 'isIanaTimeZone',
    validator: { validate: (value) => typeof value === 'string' && ianaTimeZone(value) !== null, defaultMessage: () => 'timeZone must be an IANA time zone name, such as Europe/Berlin' },
  });

export class UpdatePreferencesDto implements UpdatePreferencesRequest {
  @ApiPropertyOptional({ description: 'My language; null clears it (clients then follow the browser, the server writes English)', enum: LOCALES, nullable: true })
  @ValidateIf(given)
  @IsIn(LOCALES)
  locale?: Locale | null;

  @ApiPropertyOptional({ description: 'My IANA time zone (Europe/Berlin); null clears it', nullable: true, type: String })
  @ValidateIf(given)
  @IsIanaTimeZone()
  timeZone?: string | null;
}
