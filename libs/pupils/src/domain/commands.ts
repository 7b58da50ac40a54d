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

export type PupilCommand = RegisterPupil | RecordPupilSenStatus | UpdatePupilDetails;
