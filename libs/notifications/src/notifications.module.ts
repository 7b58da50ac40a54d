import { Module } from '@nestjs/common';
import { ConcernsModule } from '#lib/concerns';
import { Notices } from './notices.js';
import { NotificationsController } from './notifications.controller.js';
import { Notifier } from './notifier.js';

/** Email alerts (SMTP_URL), each person's choice of immediate, digest or none, and in-app notices (tables: NOTIFICATION_MIGRATIONS). */
@Module({
  imports: [ConcernsModule],
  controllers: [NotificationsController],
  providers: [Notifier, Notices],
  exports: [Notifier],
})
export class NotificationsModule {}
