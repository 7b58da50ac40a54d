import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { EMAIL_PREFERENCES, type EmailPreference } from './notification-rules.js';

export class NotificationPreferencesDto {
  @ApiProperty({
    enum: EMAIL_PREFERENCES,
    description:
      'For non-urgent alerts: each at once, a daily digest, or no email. Urgent concerns, escalations and allegations are always emailed at once.',
  })
  @IsIn(EMAIL_PREFERENCES)
  email!: EmailPreference;
}
