import type { DomainEvent } from '#lib/kernel';
import type { JobRole, StaffRole } from './vocabulary.js';

export type StaffMemberRegistered = DomainEvent<
  'StaffMemberRegistered',
  {
    staffId: string;
    name: string;
    email: string;
    jobRole: JobRole;
    roles: StaffRole[];
    contractedHoursPerWeek: number;
    startDate: string;
    hlta: boolean;
    schoolId: string;
    registeredAt: string;
  }
>;

export type TrainingCompleted = DomainEvent<
  'TrainingCompleted',
  {
    completionId: string;
    course: string;
    completedOn: string;
    expiresOn: string;
    /** True when expiresOn came from the course's validity rather than the certificate. */
    expiryComputed: boolean;
    provider: string | null;
    certificateRef: string | null;
    recordedAt: string;
  }
>;

export type StaffMemberDeactivated = DomainEvent<'StaffMemberDeactivated', { staffId: string; reason: string; deactivatedAt: string }>;

export type StaffRolesChanged = DomainEvent<
  'StaffRolesChanged',
  { staffId: string; roles: StaffRole[]; previousRoles: StaffRole[]; changedAt: string }
>;

/** Name, job role or contracted hours as the school now records them (every field, changed or not). */
export type StaffMemberDetailsChanged = DomainEvent<
  'StaffMemberDetailsChanged',
  { name: string; jobRole: JobRole; contractedHoursPerWeek: number; hlta: boolean; changedAt: string }
>;

export type StaffEvent = StaffMemberRegistered | TrainingCompleted | StaffMemberDeactivated | StaffRolesChanged | StaffMemberDetailsChanged;

export type StaffEventType = StaffEvent['type'];
