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

/** The school's management information system says this about the member of staff now (an import). */
export interface UpdateStaffMemberDetails {
  type: 'UpdateStaffMemberDetails';
  name: string;
  jobRole: JobRole;
  contractedHoursPerWeek: number;
  now: string;
}

export type StaffCommand = RegisterStaffMember | RecordTrainingCompletion | UpdateStaffMemberDetails;
