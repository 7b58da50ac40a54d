import { Module, type OnModuleInit } from '@nestjs/common';
import { Vocabulary } from '#lib/core';
import { PupilsModule } from '#lib/pupils';
import { ConcernCategoriesController } from './concern-categories.controller.js';
import { ConcernCategories } from './concern-categories.service.js';
import { ConcernList } from './concern-list/concern-list.service.js';
import { DslRecordController } from './dsl-record.controller.js';
import { ConcernVisibility } from './concern-visibility.js';
import { ConcernsController } from './concerns.controller.js';
import { Concerns } from './concerns.service.js';
import { CONCERN_EVENT_LABELS } from './domain/events.js';
import {
  ALLEGATION_OUTCOME_HINTS,
  ALLEGATION_OUTCOME_LABELS,
  BODY_MAP_REGION_LABELS,
  CONCERN_CLOSURE_REASON_LABELS,
  CONSENT_BASIS_LABELS,
  DSL_ENTRY_KIND_LABELS,
  REFERRAL_AGENCY_LABELS,
  REFERRAL_OUTCOME_LABELS,
  CONCERN_ROUTE_LABELS,
  CONCERN_RISK_LEVEL_LABELS,
  CONCERN_STATUS_LABELS,
  CONCERN_TRIAGE_DECISION_LABELS,
  CONCERN_URGENCY_HINTS,
  CONCERN_URGENCY_LABELS,
} from './domain/vocabulary.js';

/** Safeguarding concerns: raising, triage, actions, addenda, closure, and who may read them. */
@Module({
  imports: [PupilsModule],
  controllers: [ConcernsController, ConcernCategoriesController, DslRecordController],
  providers: [Concerns, ConcernList, ConcernVisibility, ConcernCategories],
  exports: [ConcernList, ConcernVisibility, ConcernCategories],
})
export class ConcernsModule implements OnModuleInit {
  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly categories: ConcernCategories,
  ) {}

  onModuleInit(): void {
    this.vocabulary.add({
      // The trust's reference data, retired categories included: old concerns still read in words.
      concernCategories: async (trustId) => Object.fromEntries((await this.categories.forTrust(trustId)).map((c) => [c.code, c.label])),
      referralAgencies: REFERRAL_AGENCY_LABELS,
      referralOutcomes: REFERRAL_OUTCOME_LABELS,
      consentBases: CONSENT_BASIS_LABELS,
      dslEntryKinds: DSL_ENTRY_KIND_LABELS,
      urgencies: CONCERN_URGENCY_LABELS,
      urgencyHints: CONCERN_URGENCY_HINTS,
      concernStatuses: CONCERN_STATUS_LABELS,
      riskLevels: CONCERN_RISK_LEVEL_LABELS,
      triageDecisions: CONCERN_TRIAGE_DECISION_LABELS,
      closureReasons: CONCERN_CLOSURE_REASON_LABELS,
      bodyMapRegions: BODY_MAP_REGION_LABELS,
      concernEvents: CONCERN_EVENT_LABELS,
      allegationOutcomes: ALLEGATION_OUTCOME_LABELS,
      allegationOutcomeHints: ALLEGATION_OUTCOME_HINTS,
      concernRoutes: CONCERN_ROUTE_LABELS,
    });
  }
}
