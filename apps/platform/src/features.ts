import type { Type } from '@nestjs/common';
import { AlertsModule } from '../../../libs/alerts/src/alerts.module.js';
import { IncidentsModule } from '../../../libs/incidents/src/incidents.module.js';
import { PrivacyModule } from '../../../libs/privacy/src/privacy.module.js';
import { ProjectionsModule } from '../../../libs/projections/src/projections.module.js';
import { SafeguardingModule } from '../../../libs/safeguarding/src/safeguarding.module.js';
import { WorkforceModule } from '../../../libs/workforce/src/workforce.module.js';

/** The feature modules the platform composes (each also runs in its own deployable). */
export const FEATURE_MODULES: Type[] = [
  WorkforceModule,
  IncidentsModule,
  SafeguardingModule,
  AlertsModule,
  ProjectionsModule,
  PrivacyModule,
];
