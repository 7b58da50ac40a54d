/** The platform app on a fresh database, with one school, its DSL, a member of staff and pupils. */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomUUID } from 'node:crypto';
import { createPlatformApp } from '#lib/platform';
import { Accounts } from '#lib/auth';
import type { Actor } from '#lib/kernel';
import { commandContext, CommandRunner, loadConfig } from '#lib/core';
import { pupilDecider, pupilStream } from '#lib/pupils';
import { ReadModels } from '#lib/read-models';
import { StaffRegistration } from '#lib/workforce';
import { createBenchDatabase, type BenchDatabase } from './database.js';

export interface BenchPlatform {
  app: NestExpressApplication;
  baseUrl: string;
  db: BenchDatabase;
  runner: CommandRunner;
  readModels: ReadModels;
  schoolId: string;
  trustId: string;
  /** The member of staff who raises concerns (role staff: no second factor at sign-in). */
  raiser: Actor & { email: string; password: string };
  dsl: Actor;
  pupils: string[];
  close(): Promise<void>;
}

const PASSWORD = 'bench-password-1';

export async function startPlatform(label: string): Promise<BenchPlatform> {
  const db = await createBenchDatabase(label, 2);
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000000',
    RATE_LIMIT_WRITES_PER_MINUTE: '100000000',
  });
  const app = await createPlatformApp({ config, databaseUrl: db.url, jwtSecret: 'bench-secret-bench-secret-bench-secret-0123' });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };

  const accounts = app.get(Accounts);
  const registration = app.get(StaffRegistration);
  const runner = app.get(CommandRunner);
  const trustId = randomUUID();
  const schoolId = randomUUID();
  await accounts.createTrust(trustId, 'Bench Learning Trust');
  await accounts.createSchool(schoolId, trustId, `bench-${schoolId.slice(0, 8)}`, 'Bench Primary');
  const admin: Actor = { staffId: randomUUID(), name: 'bench setup', roles: ['trust_admin'], schoolId: null, trustId };
  const register = async (name: string, roles: Actor['roles'], jobRole: 'dsl' | 'teaching_assistant') => {
    const email = `${jobRole}-${randomUUID().slice(0, 8)}@bench.test`;
    const { id } = await registration.register(
      {
        name,
        email,
        jobRole,
        roles,
        contractedHoursPerWeek: 32.5,
        startDate: '2024-09-01',
        hlta: false,
        schoolId,
        password: PASSWORD,
      },
      commandContext(admin, {}),
      trustId,
    );
    return { staffId: id, name, roles, schoolId, trustId, email, password: PASSWORD };
  };
  const dsl = await register('Dana Lead', ['staff', 'dsl'], 'dsl');
  const raiser = await register('Tara Assistant', ['staff'], 'teaching_assistant');

  const pupils: string[] = [];
  for (let i = 0; i < 30; i++) {
    const pupilId = randomUUID();
    await runner.run({
      streamId: pupilStream(pupilId),
      decider: pupilDecider,
      context: commandContext(dsl, {}),
      schoolId,
      command: (_, now) => ({
        type: 'RegisterPupil' as const,
        pupilId,
        firstName: `Pupil${i}`,
        lastName: 'Bench',
        dateOfBirth: '2016-05-14',
        yearGroup: '4',
        sen: i % 6 === 0,
        ehcp: false,
        schoolId,
        now,
      }),
    });
    pupils.push(pupilId);
  }
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    runner,
    readModels: app.get(ReadModels),
    schoolId,
    trustId,
    raiser,
    dsl,
    pupils,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/** The body of `POST /api/concerns` the benchmark sends. */
export function raiseConcernBody(pupilId: string): Record<string, unknown> {
  return {
    pupilIds: [pupilId],
    categories: ['neglect', 'physical_abuse'],
    summary: 'Arrived late, withdrawn; bruise on left forearm; says no breakfast',
    details:
      'During morning registration the pupil arrived late, appeared withdrawn and was wearing the same clothes as the previous two days. ' +
      'Asked gently whether everything was all right at home, the pupil said mum had been "shouting a lot" and there was no breakfast.',
    occurredAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    urgency: 'urgent',
    informedDslVerbally: true,
    bodyMap: [{ region: 'left forearm', note: 'bruise, about 3cm, yellowing' }],
  };
}
