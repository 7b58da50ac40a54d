import type { TrainingReference } from './training-reference.js';
import type { JobRole, StaffRole } from './vocabulary.js';

export interface RegisterStaffMember {
  type: 'RegisterStaffMember';
  staffId: string;
  name: string;
  email: string;
  jobRole: JobRole;
  roles: StaffRole[];
  contractedHoursPerWeek: number;
  startDate: string;
  hlta: boolean;
  schoolId: string;
  now: string;
}

export interface RecordTrainingCompletion {
  type: 'RecordTrainingCompletion';
  completionId: string;
  /** A course code; checked against the reference, which a trust may extend. */
  course: string;
  completedOn: string;
  expiresOn?: string;
  provider?: string;
  certificateRef?: string;
  reference: TrainingReference;
  now: string;
}

/** Leaves the school's staff (or is removed from it): the account's sign-in and every session end. */
export interface DeactivateStaffMember {
  type: 'DeactivateStaffMember';
  reason: string;
  now: string;
}

/** What the platform lets them do from now on: tokens issued with the old roles end. */
export interface ChangeStaffRoles {
  type: 'ChangeStaffRoles';
  roles: StaffRole[];
  now: string;
}

/** The school's management information system says this about the member of staff now (an import). */
export interface UpdateStaffMemberDetails {
  type: 'UpdateStaffMemberDetails';
  name: string;
  jobRole: JobRole;
  contractedHoursPerWeek: number;
  now: string;
}

export type StaffCommand =
  RegisterStaffMember | RecordTrainingCompletion | DeactivateStaffMember | ChangeStaffRoles | UpdateStaffMemberDetails;
