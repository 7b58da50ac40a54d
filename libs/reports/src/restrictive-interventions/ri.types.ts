/**
 * The restrictive-interventions report (DfE "Restrictive interventions, including use of reasonable
 * force, in schools", 2026): what leaders and governors review, by group.
 */
import type { PupilSex } from '#lib/pupils';

/** The 2026 types of restrictive intervention. */
export const INTERVENTION_TYPES = [
  'physical_restraint',
  'restraint_without_contact',
  'seclusion',
  'mechanical_restraint',
  'guide_escort',
] as const;
export type InterventionType = (typeof INTERVENTION_TYPES)[number];

/**
 * The type of an incident as recorded today (v1 `forceType`). A restrictive hold is a physical
 * restraint under the 2026 guidance. Incidents that record the type itself replace this mapping.
 */
export function interventionTypeOf(forceType: string): InterventionType {
  switch (forceType) {
    case 'restraint':
    case 'restrictive_hold':
      return 'physical_restraint';
    case 'seclusion':
      return 'seclusion';
    case 'guide_escort':
      return 'guide_escort';
    default:
      return (INTERVENTION_TYPES as readonly string[]).includes(forceType) ? (forceType as InterventionType) : 'physical_restraint';
  }
}

/** Words that say there was no injury, as staff write them in the free-text injury fields of v1 records. */
const NO_INJURY = /^(none|no|nil|n\/?a|no injur(y|ies)( (seen|observed|noted|reported|sustained))?)[.!]?$/i;

/** Whether a free-text injury field reports an injury (blank or "None" does not). */
export function reportsInjury(text: string): boolean {
  const t = text.trim();
  return t !== '' && !NO_INJURY.test(t);
}

export const SEN_GROUPS = ['no_sen', 'sen_support', 'ehcp'] as const;
export type SenGroup = (typeof SEN_GROUPS)[number];
export const DISABILITY_GROUPS = ['disabled', 'not_disabled', 'not_recorded'] as const;
export type DisabilityGroup = (typeof DISABILITY_GROUPS)[number];
export const SEX_GROUPS = ['female', 'male', 'not_known', 'not_recorded'] as const satisfies readonly (PupilSex | 'not_recorded')[];
export type SexGroup = (typeof SEX_GROUPS)[number];
export const VULNERABILITY_GROUPS = ['lookedAfter', 'previouslyLookedAfter', 'childProtectionPlan', 'childInNeed', 'not_recorded'] as const;
export type VulnerabilityGroup = (typeof VULNERABILITY_GROUPS)[number];
export const DURATION_BANDS = ['up_to_5', '6_to_15', '16_to_30', 'over_30'] as const;
export type DurationBand = (typeof DURATION_BANDS)[number];

/** One incident with the pupil as they stood at the time (null status: nothing recorded by then). */
export interface ReportIncident {
  incidentId: string;
  schoolId: string | null;
  pupilId: string;
  occurredAt: string;
  durationMinutes: number;
  forceType: string;
  staffIds: string[];
  sen: boolean;
  ehcp: boolean;
  pupilInjured: boolean;
  staffInjured: boolean;
  yearGroup: string | null;
  status: {
    lookedAfter: boolean | null;
    previouslyLookedAfter: boolean | null;
    childProtectionPlan: boolean | null;
    childInNeed: boolean | null;
    disability: boolean | null;
    sex: string | null;
  } | null;
}

/** Every count is of incidents (an incident with three staff counts once for each of them in byStaff). */
export interface RestrictiveInterventionsReport {
  from: string;
  to: string;
  schoolIds: string[];
  total: number;
  pupils: number;
  byType: Record<InterventionType, number>;
  bySen: Record<SenGroup, number>;
  byDisability: Record<DisabilityGroup, number>;
  bySex: Record<SexGroup, number>;
  /** Incidents where the child was, at the time, looked after (etc.); `not_recorded`: no record by then. */
  byVulnerability: Record<VulnerabilityGroup, number>;
  /** Year groups with at least one incident, in school order (a list: an object would put "2" before "R"). */
  byYearGroup: { yearGroup: string; incidents: number }[];
  byStaff: { staffId: string; name: string | null; incidents: number }[];
  /** Pupils restrained more than once in the period, most first. */
  repeatPupils: { pupilId: string; name: string | null; incidents: number }[];
  durations: {
    totalMinutes: number;
    meanMinutes: number;
    medianMinutes: number;
    longestMinutes: number;
    bands: Record<DurationBand, number>;
  };
  injuries: { pupil: number; staff: number; either: number };
}

export const INTERVENTION_TYPE_LABELS: Record<InterventionType, string> = {
  physical_restraint: 'Physical restraint',
  restraint_without_contact: 'Restraint without contact',
  seclusion: 'Seclusion',
  mechanical_restraint: 'Mechanical restraint',
  guide_escort: 'Guide or escort',
};

export const REPORT_GROUP_LABELS: Record<SenGroup | DisabilityGroup | SexGroup | VulnerabilityGroup | DurationBand, string> = {
  no_sen: 'No SEN',
  sen_support: 'SEN support',
  ehcp: 'EHC plan',
  disabled: 'Disabled',
  not_disabled: 'Not disabled',
  not_recorded: 'Not recorded',
  female: 'Female',
  male: 'Male',
  not_known: 'Not known',
  lookedAfter: 'Looked after',
  previouslyLookedAfter: 'Previously looked after',
  childProtectionPlan: 'Child protection plan',
  childInNeed: 'Child in need',
  up_to_5: 'Up to 5 minutes',
  '6_to_15': '6 to 15 minutes',
  '16_to_30': '16 to 30 minutes',
  over_30: 'Over 30 minutes',
};
