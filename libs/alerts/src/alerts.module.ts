import { Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller.js';
import { Alerts } from './alerts.js';

/** The DSL alert inbox (its projection is registered with the read models in apps/platform). */
@Module({
  controllers: [AlertsController],
  providers: [Alerts],
})
export class AlertsModule {}
