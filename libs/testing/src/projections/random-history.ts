import { randomUUID } from 'node:crypto';
import { type Actor, addDays, type Decider, type DomainEvent, londonDate, RuleViolation } from '#lib/kernel';
import { commandContext, CommandRunner } from '#lib/core';
import { concernDecider, concernStream } from '#lib/concerns';
import { incidentDecider, incidentStream } from '#lib/incidents';
import { JOB_ROLES, TRAINING_COURSES } from '#lib/workforce';
import type { TestPlatform } from '../test-platform.js';
import { Seeder } from './seed.js';

/** A small deterministic PRNG (mulberry32), so a failing history can be run again. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SchoolWorld {
  by: Actor;
  staff: { id: string; contractedHoursPerWeek: number; hlta: boolean }[];
  pupils: string[];
  incidents: { id: string; occurredAt: string; staffIds: string[] }[];
  concerns: { id: string; actions: string[] }[];
  cover: { staffId: string; assignmentId: string }[];
}

/**
 * Drives `commands` random commands through the domain deciders (refusals included: a refused
 * command stores nothing), moving the fake clock forward between them. `onStep` runs after each.
 */
export async function randomHistory(
  p: TestPlatform,
  commands: number,
  seed: number,
  onStep?: (i: number) => Promise<void>,
): Promise<{ refused: number }> {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const seeder = new Seeder(p);
  const runner = p.app.get(CommandRunner);
  const worlds: SchoolWorld[] = [p.schools.oakfield, p.schools.riverside].map((schoolId) => ({
    by: seeder.actor(schoolId, ['headteacher', 'dsl']),
    staff: [],
    pupils: [],
    incidents: [],
    concerns: [],
    cover: [],
  }));
  const run = <C, E extends DomainEvent, S>(
    w: SchoolWorld,
    streamId: string,
    decider: Decider<C, E, S>,
    command: (s: S, now: string) => C,
    at?: string,
  ) =>
    runner.run({
      streamId,
      decider,
      context: commandContext(w.by, {}),
      schoolId: w.by.schoolId,
      command,
      occurredAt: at ? () => at : undefined,
    });
  const pastInstant = (minutesBack: number) => new Date(p.clock.now().getTime() - Math.floor(rnd() * minutesBack) * 60_000).toISOString();

  let refused = 0;
  for (let i = 0; i < commands; i++) {
    p.clock.advanceMinutes(1 + Math.floor(rnd() * 20));
    const w = pick(worlds);
    const now = p.clock.now().toISOString();
    const today = londonDate(now);
    const roll = rnd();
    try {
      if (w.staff.length < 3 || roll < 0.06) {
        const jobRole = pick(JOB_ROLES);
        const hours = pick([20, 25, 30, 32.5, 37]);
        const hlta = jobRole === 'hlta' || rnd() < 0.1;
        w.staff.push({
          id: await seeder.staff(w.by, { jobRole, contractedHoursPerWeek: hours, hlta }),
          contractedHoursPerWeek: hours,
          hlta,
        });
      } else if (w.pupils.length < 3 || roll < 0.12) {
        w.pupils.push(await seeder.pupil(w.by.schoolId!, pick(['Ada', 'Bo', 'Cy', 'Di']), pick(['Smith', 'Jones', 'Khan']), w.by));
      } else if (roll < 0.24) {
        const course = pick(TRAINING_COURSES);
        await seeder.completion(
          w.by,
          pick(w.staff).id,
          course,
          addDays(today, -Math.floor(rnd() * 500)),
          rnd() < 0.2 ? addDays(today, 30 + Math.floor(rnd() * 300)) : undefined,
        );
      } else if (roll < 0.36) {
        const staff = pick(w.staff);
        const start = 8 + Math.floor(rnd() * 7);
        const id = await seeder.cover(
          w.by,
          { ...staff, hlta: staff.hlta },
          {
            date: addDays(today, Math.floor(rnd() * 10) - 3),
            start: `${String(start).padStart(2, '0')}:00`,
            end: `${String(start + 1).padStart(2, '0')}:${pick(['00', '30'])}`,
            classGroup: pick(['3A', '4B', '5C']),
            absentTeacherId: rnd() < 0.5 ? pick(w.staff).id : undefined,
            deliversLesson: staff.hlta && rnd() < 0.3,
          },
        );
        w.cover.push({ staffId: staff.id, assignmentId: id });
      } else if (roll < 0.4 && w.cover.length > 0) {
        const c = pick(w.cover);
        await seeder.cancelCover(w.by, c.staffId, c.assignmentId);
      } else if (roll < 0.5) {
        const occurredAt = pastInstant(rnd() < 0.2 ? 3000 : 200);
        const staffIds = [...new Set([pick(w.staff).id, pick(w.staff).id])];
        w.incidents.push({
          id: await seeder.incident(w.by, { pupilId: pick(w.pupils), occurredAt, staffIds, minutes: 1 }),
          occurredAt,
          staffIds,
        });
      } else if (roll < 0.66 && w.incidents.length > 0) {
        const incident = pick(w.incidents);
        const after = (minutes: number) => {
          const from = Date.parse(incident.occurredAt) + 2 * 60_000;
          return new Date(Math.min(Date.parse(now), from + Math.floor(rnd() * minutes) * 60_000)).toISOString();
        };
        const kind = rnd();
        if (kind < 0.3) await seeder.notifyParent(w.by, incident.id, after(1500));
        else if (kind < 0.6) await seeder.debrief(w.by, incident.id, pick(['pupil', 'staff'] as const), after(3000));
        else if (kind < 0.8) await seeder.review(w.by, incident.id);
        else if (kind < 0.9)
          await run(w, incidentStream(incident.id), incidentDecider, (_, at) => ({
            type: 'CorrectIncident' as const,
            correctionId: randomUUID(),
            field: 'staffInvolved' as const,
            value: [{ staffId: pick(w.staff).id, holds: ['wrap'] }],
            reason: 'wrong person named',
            by: w.by.staffId,
            now: at,
          }));
        else
          await run(w, incidentStream(incident.id), incidentDecider, (_, at) => ({
            type: 'ExemptParentNotification' as const,
            reason: 'Parent is the subject of a police investigation',
            significantHarmRisk: true,
            byRoles: ['dsl' as const],
            by: w.by.staffId,
            now: at,
          }));
      } else if (roll < 0.76) {
        const pupilIds = [...new Set([pick(w.pupils), pick(w.pupils)])];
        const id = await seeder.concern(w.by, {
          pupilIds,
          occurredAt: pastInstant(rnd() < 0.3 ? 4000 : 100),
          aboutAdult: rnd() < 0.15 ? { name: 'A visitor' } : undefined,
        });
        w.concerns.push({ id, actions: [] });
      } else if (w.concerns.length > 0) {
        const concern = pick(w.concerns);
        const kind = rnd();
        const on = (command: (at: string) => object) =>
          run(w, concernStream(concern.id), concernDecider, (_, at) => ({ by: w.by.staffId, now: at, ...command(at) }) as never);
        if (kind < 0.3) await seeder.triage(w.by, concern.id);
        else if (kind < 0.5) {
          const actionId = randomUUID();
          await on(() => ({
            type: 'AssignConcernAction',
            actionId,
            description: 'Call home',
            assigneeId: pick(w.staff).id,
            dueOn: addDays(today, 3),
          }));
          concern.actions.push(actionId);
        } else if (kind < 0.65 && concern.actions.length > 0)
          await on(() => ({ type: 'CompleteConcernAction', actionId: pick(concern.actions), note: 'Done' }));
        else if (kind < 0.85)
          await on(() => ({ type: 'AddConcernAddendum', addendumId: randomUUID(), text: 'More from the class teacher' }));
        else
          await on(() => ({
            type: 'CloseConcern',
            outcome: 'Support in place',
            reasonCode: 'early_help_in_place',
            rationale: 'Family engaged',
          }));
      }
    } catch (err) {
      if (!(err instanceof RuleViolation)) throw err;
      refused += 1;
    }
    await onStep?.(i);
  }
  return { refused };
}
