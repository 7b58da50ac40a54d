import { hasRole, type User } from '../session/session.js';

/**
 * Every screen of the app and who it is for, from the server's access rules (the access matrix):
 * the home page, the menu and the route guard all read this one list, so a role's home links only
 * to what that role can use and a screen outside the role says so instead of failing.
 */
export interface Screen {
  path: string;
  title: string;
  description: string;
  for: (user: User) => boolean;
}

const inSchool = (u: User) => !!u.schoolId;
/** Staff of a school: they raise concerns and record incidents. */
export const isSchoolStaff = (u: User) => inSchool(u) && hasRole(u, 'staff', 'dsl', 'deputy_dsl', 'headteacher');
/** DSL, deputy DSL and headteacher: they triage concerns and read chronologies. */
export const isLead = (u: User) => inSchool(u) && hasRole(u, 'dsl', 'deputy_dsl', 'headteacher');
const isAuditor = (u: User) => hasRole(u, 'trust_auditor');
const isAdmin = (u: User) => hasRole(u, 'trust_admin');
/** Case manager for concerns about a headteacher: their inbox and those concerns, nothing else. */
const isTrustSafeguardingLead = (u: User) => hasRole(u, 'trust_safeguarding_lead');
/** The audit routes answer trust auditors, DSLs and headteachers (not deputies). */
export const canAudit = (u: User) => isAuditor(u) || (inSchool(u) && hasRole(u, 'dsl', 'headteacher'));

export const SCREENS: Screen[] = [
  {
    path: '/inbox',
    title: 'Alerts inbox',
    description: 'New concerns first, by priority; compliance alerts grouped below.',
    for: (u) => isLead(u) || isAuditor(u) || isTrustSafeguardingLead(u),
  },
  {
    path: '/overview',
    title: 'Safeguarding overview',
    description: 'Concerns by category, year group, SEN and month; open actions and overdue items.',
    for: (u) => isLead(u) || isAuditor(u),
  },
  {
    path: '/concerns/new',
    title: 'Raise a concern',
    description: 'Tell the DSL what you saw or heard. It takes about a minute.',
    for: isSchoolStaff,
  },
  {
    path: '/concerns',
    title: 'Concerns',
    description: 'Every concern of the school you may read, and where each one is.',
    for: (u) => isLead(u) || isAuditor(u) || isTrustSafeguardingLead(u),
  },
  {
    path: '/concerns',
    title: 'My concerns',
    description: 'The concerns you raised and what the DSL did.',
    for: (u) => isSchoolStaff(u) && !isLead(u),
  },
  {
    path: '/allegations',
    title: 'Concerns about adults',
    description: 'Allegations and low-level concerns you manage, adult by adult: LADO referrals and outcomes.',
    for: (u) => (inSchool(u) && hasRole(u, 'headteacher')) || isTrustSafeguardingLead(u),
  },
  {
    path: '/incidents/new',
    title: 'Record a restraint',
    description: 'The statutory record of a physical intervention, step by step.',
    for: isSchoolStaff,
  },
  {
    path: '/incidents',
    title: 'My incidents',
    description: 'Incidents you recorded or took part in, and the follow-ups still to do.',
    for: isSchoolStaff,
  },
  {
    path: '/chronology',
    title: 'Pupil chronology',
    description: 'Everything recorded about one pupil, in order.',
    for: (u) => isLead(u) || isAuditor(u),
  },
  {
    path: '/cp-transfers',
    title: 'Child protection file transfers',
    description: 'Files of leavers sent to their new schools, and files sent to you: confirm receipt.',
    for: (u) => isLead(u) || isAuditor(u),
  },
  {
    path: '/pupils',
    title: 'Pupils',
    description: 'Register pupils; legal holds and erasure of records past retention.',
    for: (u) => (inSchool(u) && hasRole(u, 'dsl', 'headteacher')) || isAdmin(u),
  },
  {
    path: '/imports',
    title: 'Import from the MIS',
    description: 'Pupils and staff from a SIMS, Arbor or Bromcom export: check every row, then import.',
    for: (u) => (inSchool(u) && hasRole(u, 'headteacher')) || isAdmin(u),
  },
  {
    path: '/staff',
    title: 'Staff',
    description: 'Staff records and their training.',
    for: (u) => isLead(u) || isAdmin(u),
  },
  {
    path: '/training',
    title: 'Training matrix',
    description: 'Who is trained, and whose training is due or expired.',
    for: (u) => isLead(u) || isAuditor(u) || isAdmin(u),
  },
  {
    path: '/training/reference',
    title: 'Training reference data',
    description: 'Courses, how long each is valid, and which job roles need which.',
    for: isAdmin,
  },
  {
    path: '/cover',
    title: 'Cover ledger',
    description: "Cover minutes against each assistant's cap.",
    for: (u) => isLead(u) || isAuditor(u) || isAdmin(u),
  },
  {
    path: '/cover/new',
    title: 'Record cover',
    description: 'Who is covering which class, and why.',
    for: isLead,
  },
  {
    path: '/audits/team-teach',
    title: 'Team Teach compliance',
    description: 'Incidents checked against the Team Teach requirements.',
    for: canAudit,
  },
  {
    path: '/reports/restrictive-interventions',
    title: 'Restrictive interventions',
    description: 'The pattern of restraint and seclusion by SEN, disability, sex, year group and staff; the governors’ report.',
    for: (u) => isLead(u) || isAuditor(u),
  },
  { path: '/audit/history', title: 'History', description: 'The record of every event, by date, record and person.', for: canAudit },
  {
    path: '/audit/views',
    title: 'Who viewed a record',
    description: 'Who opened a concern, incident or chronology, and when.',
    for: canAudit,
  },
  { path: '/audit/replay', title: 'Replay as of a date', description: 'Any report as it stood at a past moment.', for: canAudit },
  {
    path: '/audit/verify',
    title: 'Verify history',
    description: 'Check that nothing was altered behind the application’s back.',
    for: canAudit,
  },
  {
    path: '/settings/notifications',
    title: 'Notifications',
    description: 'Email for alerts: each at once, a daily digest or none; and what has happened to concerns you raised.',
    for: () => true,
  },
];

export const screensFor = (user: User): Screen[] => SCREENS.filter((s) => s.for(user));

/** Whether a listed screen's path is closed to this user (record pages are not listed: the server decides). */
export const closedTo = (user: User, path: string): boolean => {
  const at = SCREENS.filter((s) => s.path === path);
  return at.length > 0 && !at.some((s) => s.for(user));
};

/** Where each role starts: the inbox for those who triage, a new concern for school staff. */
export function homeOf(user: User): string {
  if (isLead(user)) return '/inbox';
  if (isSchoolStaff(user)) return '/concerns/new';
  return '/';
}
