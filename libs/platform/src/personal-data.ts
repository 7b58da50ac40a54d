import { ATTACHMENT_PERSONAL_DATA } from '#lib/attachments';
import { VIEW_LOG_PERSONAL_DATA } from '#lib/core';
import { CONCERN_PERSONAL_DATA, DSL_RECORD_PERSONAL_DATA } from '#lib/concerns';
import { CP_TRANSFER_PERSONAL_DATA } from '#lib/cp-transfers';
import { INCIDENT_PERSONAL_DATA } from '#lib/incidents';
import type { PersonalDataTable } from '#lib/kernel';
import { personalDataTable, PRIVACY_PERSONAL_DATA } from '#lib/privacy';
import { PUPIL_PERSONAL_DATA } from '#lib/pupils';
import { WORKFORCE_PERSONAL_DATA } from '#lib/workforce';

/** Where personal data sits in every event the platform records: each feature's rules, beside its events. */
export const PERSONAL_DATA: PersonalDataTable = personalDataTable(
  PUPIL_PERSONAL_DATA,
  WORKFORCE_PERSONAL_DATA,
  CONCERN_PERSONAL_DATA,
  DSL_RECORD_PERSONAL_DATA,
  INCIDENT_PERSONAL_DATA,
  CP_TRANSFER_PERSONAL_DATA,
  ATTACHMENT_PERSONAL_DATA,
  VIEW_LOG_PERSONAL_DATA,
  PRIVACY_PERSONAL_DATA,
);
