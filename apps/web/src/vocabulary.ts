/** The school's words for codes the API uses, so screens never show snake_case. */

export const humanise = (code: string): string => {
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export const labelOf = (labels: Record<string, string>, code: string): string => labels[code] ?? humanise(code);

export const CONCERN_CATEGORIES: Record<string, string> = {
  physical_abuse: 'Physical abuse',
  emotional_abuse: 'Emotional abuse',
  sexual_abuse: 'Sexual abuse',
  neglect: 'Neglect',
  domestic_abuse: 'Domestic abuse',
  online_safety: 'Online safety',
  self_harm: 'Self-harm',
  mental_health: 'Mental health',
  bullying: 'Bullying',
  child_on_child_abuse: 'Child-on-child abuse',
  radicalisation: 'Radicalisation',
  child_sexual_exploitation: 'Child sexual exploitation',
  child_criminal_exploitation: 'Child criminal exploitation',
  fgm: 'Female genital mutilation (FGM)',
  attendance: 'Attendance',
  other: 'Other',
};
export const MAX_CATEGORIES = 3;
export const MAX_SUMMARY = 200;

export const URGENCIES: Record<string, string> = {
  routine: 'Routine',
  urgent: 'Urgent',
  immediate_danger: 'Immediate danger',
};

export const URGENCY_HINTS: Record<string, string> = {
  routine: 'The DSL should know today.',
  urgent: 'The DSL must act within the hour.',
  immediate_danger: 'The child is at risk now. Also find the DSL in person or call 999.',
};

export const CONCERN_STATUSES: Record<string, string> = {
  open: 'Open — waiting for the DSL',
  acknowledged: 'Acknowledged by the DSL',
  triaged: 'Triaged — a decision is recorded',
  closed: 'Closed',
};

export const RISK_LEVELS: Record<string, string> = { low: 'Low', medium: 'Medium', high: 'High' };

export const TRIAGE_DECISIONS: Record<string, string> = {
  monitor: 'Monitor',
  early_help: 'Early help',
  refer_childrens_social_care: "Refer to children's social care",
  refer_police: 'Refer to the police',
  refer_lado: 'Refer to the LADO',
  no_further_action: 'No further action',
};

export const CLOSURE_REASONS: Record<string, string> = {
  no_further_action: 'No further action',
  referred_to_csc: "Referred to children's social care",
  referred_to_police: 'Referred to police',
  early_help_in_place: 'Early help in place',
  monitoring_complete: 'Monitoring complete',
  resolved_in_school: 'Resolved in school',
  moved_school: 'Moved school',
  other: 'Other',
};

export const BODY_MAP_REGIONS: Record<string, string> = {
  head: 'Head',
  face: 'Face',
  neck: 'Neck',
  chest: 'Chest',
  abdomen: 'Abdomen (tummy)',
  back: 'Back',
  buttocks: 'Buttocks',
  genital_area: 'Genital area',
  left_arm: 'Left arm',
  right_arm: 'Right arm',
  left_hand: 'Left hand',
  right_hand: 'Right hand',
  left_leg: 'Left leg',
  right_leg: 'Right leg',
  left_foot: 'Left foot',
  right_foot: 'Right foot',
};

export const CONCERN_EVENTS: Record<string, string> = {
  ConcernRaised: 'Concern raised',
  ConcernAcknowledged: 'Acknowledged',
  ConcernTriaged: 'Triaged',
  ConcernActionAssigned: 'Action assigned',
  ConcernActionCompleted: 'Action completed',
  ConcernAddendumAdded: 'Addendum added',
  ConcernClosed: 'Closed',
};

export const TEAM_TEACH_HOLDS: Record<string, string> = {
  caring_c_guide: 'Caring C guide',
  friendly_escort: 'Friendly escort',
  single_elbow: 'Single elbow',
  figure_of_four: 'Figure of four',
  double_elbow: 'Double elbow',
  half_shield: 'Half shield',
  full_shield: 'Full shield',
  wrap: 'Wrap',
  seated_wrap: 'Seated wrap',
  small_child_escort: 'Small child escort',
  sitting_in_a_wrap: 'Sitting in a wrap',
  help_hug: 'Help hug',
};

export const DE_ESCALATION: Record<string, string> = {
  calm_talking: 'Calm talking and reassurance',
  choices_offered: 'Choices offered',
  distraction: 'Distraction or diversion',
  time_out_offered: 'Time out or a safe space offered',
  change_of_face: 'Change of face (another adult)',
  humour: 'Humour',
  planned_ignoring: 'Planned ignoring',
  removing_audience: 'Other pupils moved away',
  removing_triggers: 'Objects or triggers removed',
  success_reminder: 'Reminder of past success',
  sensory_support: 'Sensory support',
};

export const FORCE_TYPES: Record<string, string> = {
  restraint: 'Restraint',
  seclusion: 'Seclusion',
  restrictive_hold: 'Restrictive hold',
  guide_escort: 'Guide or escort',
};

export const INCIDENT_REASONS: Record<string, string> = {
  risk_of_injury_to_self: 'Risk of injury to the pupil themself',
  risk_of_injury_to_others: 'Risk of injury to others',
  damage_to_property: 'Serious damage to property',
  committing_offence: 'Committing an offence',
  good_order: 'Maintaining good order and discipline',
};

export const PARENT_NOTIFICATION_METHODS: Record<string, string> = {
  phone: 'Phone call',
  in_person: 'In person',
  email: 'Email',
  letter: 'Letter',
  text_message: 'Text message',
};

export const INCIDENT_EVENTS: Record<string, string> = {
  IncidentRecorded: 'Incident recorded',
  IncidentCorrected: 'Correction',
  ParentNotified: 'Parent notified',
  ParentNotificationExempted: 'Parent notification exempted',
  DebriefHeld: 'Debrief held',
  IncidentReviewed: 'Senior review',
};

export const ALERT_KINDS: Record<string, string> = {
  concern_raised: 'New concern',
  concern_unacknowledged: 'Concern not acknowledged',
  pupil_concern_pattern: 'Pattern of concerns about a pupil',
  restraint_recorded: 'Restraint recorded',
  restraint_recorded_late: 'Restraint recorded late',
  parent_not_notified: 'Parent not notified',
  debrief_overdue: 'Debrief overdue',
  uncertified_restraint: 'Restraint by uncertified staff',
  repeat_restraint: 'Repeated restraint — review the behaviour plan',
  adult_low_level_pattern: 'Pattern of low-level concerns about an adult',
  training_expired: 'Training expired',
  training_due: 'Training due',
  cover_over_cap: 'Cover over the cap',
  cover_long_term: 'Long-term cover',
};

export const ALERT_STATUSES: Record<string, string> = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' };

export const ESCALATION_LEVELS: Record<number, string> = {
  0: 'Level 0 — DSL',
  1: 'Level 1 — escalated to deputy DSL',
  2: 'Level 2 — escalated to headteacher',
};

export const escalationLabel = (level: number): string => ESCALATION_LEVELS[level] ?? `Level ${level}`;

export const JOB_ROLES: Record<string, string> = {
  teacher: 'Teacher',
  teaching_assistant: 'Teaching assistant',
  one_to_one_ta: '1:1 teaching assistant',
  learning_behaviour_assistant: 'Learning & behaviour assistant',
  learning_progress_assistant: 'Learning progress assistant',
  cover_supervisor: 'Cover supervisor',
  hlta: 'HLTA',
  dsl: 'DSL',
  headteacher: 'Headteacher',
  other: 'Other',
};

export const ROLE_LABELS: Record<string, string> = {
  staff: 'Staff',
  dsl: 'DSL',
  deputy_dsl: 'Deputy DSL',
  headteacher: 'Headteacher',
  trust_auditor: 'Trust auditor',
  trust_admin: 'Trust admin',
};

export const COURSES: Record<string, string> = {
  team_teach_level_1: 'Team Teach level 1',
  team_teach_level_2: 'Team Teach level 2',
  team_teach_advanced: 'Team Teach advanced',
  proact_scip: 'PROACT-SCIPr-UK',
  first_aid_at_work: 'First aid at work',
  emergency_first_aid: 'Emergency first aid',
  paediatric_first_aid: 'Paediatric first aid',
  safeguarding_update: 'Safeguarding update',
  kcsie_part_one: 'KCSIE part one',
  dsl_training: 'DSL training',
  prevent: 'Prevent',
  moving_and_handling: 'Moving & handling',
};

export const TRAINING_STATUSES: Record<string, string> = {
  valid: 'Valid',
  due: 'Due',
  expired: 'Expired',
  missing: 'Missing',
  not_required: 'Not required',
};

export const TEAM_TEACH_CHECKS: Record<string, string> = {
  recordedSameDay: 'Recorded same day',
  parentNotifiedSameDay: 'Parent notified same day',
  pupilDebriefHeld: 'Pupil debrief held',
  staffDebriefHeld: 'Staff debrief held',
  reviewed: 'Reviewed',
  allStaffCertified: 'All staff certified',
};

export const PROJECTIONS: Record<string, string> = {
  alerts: 'DSL alerts',
  'team-teach': 'Team Teach compliance',
  'training-matrix': 'Training matrix',
  'cover-ledger': 'Cover ledger',
  chronology: 'Pupil chronology',
};

export const CHRONOLOGY_KINDS: Record<string, string> = { ...CONCERN_EVENTS, ...INCIDENT_EVENTS };
