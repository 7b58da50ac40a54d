import { randomUUID } from 'node:crypto';
import { Accounts, demoTotpSecret, requiresMfa } from '#lib/auth';
import type { Role } from '#lib/kernel';
import { commandContext, CommandRunner } from '#lib/core';
import { pupilDecider, pupilStream } from '#lib/pupils';
import { DEFAULT_TRAINING_REFERENCE, type JobRole, staffDecider, StaffRegistration, staffStream } from '#lib/workforce';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** The demo accounts of API.md ("Demo data"): the same eight in each school, and three for the trust. */
const SCHOOL_ACCOUNTS: { local: string; name: string; jobRole: JobRole; roles: Role[]; hours: number; hlta?: boolean }[] = [
  { local: 'dsl', name: 'Designated Safeguarding Lead', jobRole: 'dsl', roles: ['dsl'], hours: 37 },
  { local: 'deputy', name: 'Deputy DSL', jobRole: 'teacher', roles: ['deputy_dsl'], hours: 32.5 },
  { local: 'head', name: 'Headteacher', jobRole: 'headteacher', roles: ['headteacher'], hours: 37 },
  { local: 'teacher', name: 'Class Teacher', jobRole: 'teacher', roles: ['staff'], hours: 32.5 },
  { local: 'ta', name: 'Classroom Assistant', jobRole: 'teaching_assistant', roles: ['staff'], hours: 32.5 },
  { local: 'one2one', name: '1:1 Teaching Assistant', jobRole: 'one_to_one_ta', roles: ['staff'], hours: 30 },
  { local: 'lba', name: 'Learning and Behaviour Assistant', jobRole: 'learning_behaviour_assistant', roles: ['staff'], hours: 32.5 },
  { local: 'lpa', name: 'Learning Progress Assistant', jobRole: 'learning_progress_assistant', roles: ['staff'], hours: 27.5, hlta: true },
];

/** Invented pupils (no real people): first names and surnames common in England. */
const PUPILS: Record<
  string,
  { firstName: string; lastName: string; dateOfBirth: string; yearGroup: string; sen: boolean; ehcp: boolean }[]
> = {
  oakfield: [
    { firstName: 'Amelia', lastName: 'Hughes', dateOfBirth: '2017-04-12', yearGroup: '3', sen: false, ehcp: false },
    { firstName: 'Oliver', lastName: 'Patel', dateOfBirth: '2016-11-03', yearGroup: '4', sen: true, ehcp: true },
    { firstName: 'Isla', lastName: 'Thompson', dateOfBirth: '2018-01-22', yearGroup: '2', sen: true, ehcp: false },
    { firstName: 'Noah', lastName: 'Evans', dateOfBirth: '2015-07-30', yearGroup: '5', sen: false, ehcp: false },
    { firstName: 'Ava', lastName: 'Okafor', dateOfBirth: '2014-09-14', yearGroup: '6', sen: true, ehcp: true },
    { firstName: 'Leo', lastName: 'Clarke', dateOfBirth: '2019-02-05', yearGroup: 'R', sen: false, ehcp: false },
  ],
  riverside: [
    { firstName: 'Freya', lastName: 'Morgan', dateOfBirth: '2012-05-19', yearGroup: '8', sen: false, ehcp: false },
    { firstName: 'Harry', lastName: 'Nowak', dateOfBirth: '2011-08-27', yearGroup: '9', sen: true, ehcp: true },
    { firstName: 'Zara', lastName: 'Ahmed', dateOfBirth: '2013-03-08', yearGroup: '7', sen: false, ehcp: false },
    { firstName: 'Jack', lastName: 'Robinson', dateOfBirth: '2010-12-01', yearGroup: '10', sen: true, ehcp: false },
    { firstName: 'Maya', lastName: 'Williams', dateOfBirth: '2009-06-16', yearGroup: '11', sen: false, ehcp: false },
  ],
};

/** Training on record, some of it due or lapsed, so the matrix and the compliance audit have something to show. */
const TRAINING: Record<string, { course: string; completedOn: string }[]> = {
  dsl: [
    { course: 'dsl_training', completedOn: '2025-01-15' },
    { course: 'safeguarding_update', completedOn: '2025-09-02' },
    { course: 'kcsie_part_one', completedOn: '2025-09-02' },
    { course: 'prevent', completedOn: '2024-10-10' },
  ],
  lba: [
    { course: 'team_teach_level_2', completedOn: '2025-12-05' },
    { course: 'emergency_first_aid', completedOn: '2024-02-20' },
    { course: 'safeguarding_update', completedOn: '2025-09-02' },
    { course: 'kcsie_part_one', completedOn: '2025-09-02' },
  ],
  one2one: [
    { course: 'team_teach_level_2', completedOn: '2025-11-10' },
    { course: 'safeguarding_update', completedOn: '2024-09-04' },
  ],
  ta: [
    { course: 'team_teach_level_1', completedOn: '2024-01-18' },
    { course: 'paediatric_first_aid', completedOn: '2023-06-12' },
    { course: 'safeguarding_update', completedOn: '2025-09-02' },
  ],
};

export interface DemoAccount {
  email: string;
  roles: Role[];
  school: string | null;
  /** For roles that sign in with a second factor: the authenticator secret (demo only). */
  totpSecret?: string;
}

/** Seeds the demo trust on an empty database; returns the accounts made (none when already seeded). */
export async function seedDemoTrust(app: NestExpressApplication, password: string): Promise<DemoAccount[]> {
  const accounts = app.get(Accounts);
  if (!(await accounts.isEmpty())) return [];
  const registration = app.get(StaffRegistration);
  const runner = app.get(CommandRunner);
  const trustId = randomUUID();
  await accounts.createTrust(trustId, 'Demo Learning Trust');
  const made: DemoAccount[] = [];
  const system = { staffId: randomUUID(), name: 'Demo seed', roles: ['trust_admin'] as Role[], schoolId: null, trustId };

  for (const [slug, name] of [
    ['oakfield', 'Oakfield Primary'],
    ['riverside', 'Riverside Academy'],
  ] as const) {
    const schoolId = randomUUID();
    await accounts.createSchool(schoolId, trustId, slug, name);
    const ctx = commandContext({ ...system, schoolId }, {});
    for (const a of SCHOOL_ACCOUNTS) {
      const email = `${a.local}@${slug}.demo`;
      const { id } = await registration.register(
        {
          name: `${a.name} (${name})`,
          email,
          jobRole: a.jobRole,
          roles: a.roles,
          contractedHoursPerWeek: a.hours,
          startDate: '2023-09-01',
          hlta: a.hlta ?? false,
          schoolId,
          password,
        },
        ctx,
        trustId,
      );
      made.push({ email, roles: a.roles, school: slug, totpSecret: await enrolDemoMfa(accounts, id, email, a.roles) });
      for (const t of TRAINING[a.local] ?? []) {
        await runner.run({
          streamId: staffStream(id),
          decider: staffDecider,
          context: ctx,
          schoolId,
          command: (_, now) => ({
            type: 'RecordTrainingCompletion' as const,
            completionId: randomUUID(),
            course: t.course,
            completedOn: t.completedOn,
            reference: DEFAULT_TRAINING_REFERENCE,
            now,
          }),
        });
      }
    }
    for (const p of PUPILS[slug]!) {
      const pupilId = randomUUID();
      await runner.run({
        streamId: pupilStream(pupilId),
        decider: pupilDecider,
        context: ctx,
        schoolId,
        command: (_, now) => ({ type: 'RegisterPupil' as const, pupilId, ...p, schoolId, now }),
      });
    }
  }
  for (const [local, role, name] of [
    ['auditor', 'trust_auditor', 'Trust Auditor'],
    ['admin', 'trust_admin', 'Trust Administrator'],
    ['safeguarding-lead', 'trust_safeguarding_lead', 'Trust Safeguarding Lead'],
  ] as const) {
    const email = `${local}@trust.demo`;
    const staffId = randomUUID();
    await accounts.create({ staffId, email, password, name, roles: [role], schoolId: null, trustId });
    made.push({ email, roles: [role], school: null, totpSecret: await enrolDemoMfa(accounts, staffId, email, [role]) });
  }
  return made;
}

/** Demo accounts that need a second factor come enrolled, with secrets the README lists. */
async function enrolDemoMfa(accounts: Accounts, staffId: string, email: string, roles: Role[]): Promise<string | undefined> {
  if (!requiresMfa(roles)) return undefined;
  const secret = demoTotpSecret(email);
  await accounts.confirmTotp(staffId, secret, new Date());
  return secret;
}
