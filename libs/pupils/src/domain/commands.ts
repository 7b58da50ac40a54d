import type { PupilVulnerability } from './vulnerability.js';

export interface RegisterPupil {
  type: 'RegisterPupil';
  pupilId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  /** 'N' (nursery), 'R' (reception) or '1'..'13'. */
  yearGroup: string;
  /** Unique pupil number, when the school has one. */
  upn?: string;
  sen: boolean;
  ehcp: boolean;
  schoolId: string;
  now: string;
}

export interface RecordPupilSenStatus {
  type: 'RecordPupilSenStatus';
  sen: boolean;
  ehcp: boolean;
  now: string;
}

export interface RecordPupilVulnerability {
  type: 'RecordPupilVulnerability';
  vulnerability: PupilVulnerability;
  by: string;
  now: string;
}

/** Writes the plan, or revises the one in force. */
export interface RecordBehaviourPlan {
  type: 'RecordBehaviourPlan';
  summary: string;
  reviewDueOn: string;
  by: string;
  now: string;
}

export interface ReviewBehaviourPlan {
  type: 'ReviewBehaviourPlan';
  notes: string;
  nextReviewDueOn: string;
  by: string;
  now: string;
}

/** The school's management information system says this about the pupil now (an import). */
export interface UpdatePupilDetails {
  type: 'UpdatePupilDetails';
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  yearGroup: string;
  sen: boolean;
  ehcp: boolean;
  now: string;
}

export type PupilCommand =
  RegisterPupil | RecordPupilSenStatus | RecordPupilVulnerability | RecordBehaviourPlan | ReviewBehaviourPlan | UpdatePupilDetails;
