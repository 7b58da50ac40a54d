/**
 * A realistic multi-school history, produced by the domain's own deciders (so every event is one the
 * platform could have stored) and hash-chained exactly as the PostgreSQL store chains them.
 */
import { randomUUID } from 'node:crypto';
import { eventHash, type EventMetadata } from '#lib/event-store';
import { type Decider, type DomainEvent, RuleViolation } from '#lib/kernel';
import { CONCERN_CATEGORIES, CONCERN_CLOSURE_REASON_CODES, type ConcernCommand, concernDecider, concernStream } from '#lib/concerns';
import {
  INTERVENTION_TYPES,
  INCIDENT_REASONS,
  type IncidentCommand,
  incidentDecider,
  incidentStream,
  PARENT_NOTIFICATION_METHODS,
  TEAM_TEACH_HOLDS,
} from '#lib/incidents';
import {
  type CoverCommand,
  coverDecider,
  coverStream,
  DEFAULT_TRAINING_REFERENCE,
  type JobRole,
  type StaffCommand,
  staffDecider,
  type StaffRole,
  staffStream,
} from '#lib/workforce';
import { PUPIL_YEAR_GROUPS, type PupilCommand, pupilDecider, type PupilState, pupilStream } from '#lib/pupils';

/** One row of the events table, ready to insert. */
export interface HistoryRow {
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: string;
  metadata: string;
  recordedAt: string;
  previousHash: string | null;
  hash: string;
}

export interface HistoryOptions {
  events: number;
  schools: number;
  /** Weekdays of history, ending yesterday. */
  days?: number;
  seed?: number;
}

export interface School {
  schoolId: string;
  trustId: string;
  dsl: string;
  staff: { id: string; jobRole: JobRole; hours: number; hlta: boolean }[];
  pupils: string[];
}

const DAY_MS = 86_400_000;
const FIRST_NAMES = [
  'Amara',
  'Oliver',
  'Isla',
  'Mohammed',
  'Freya',
  'Leo',
  'Zara',
  'Harry',
  'Ava',
  'Noah',
  'Maya',
  'Jack',
  'Aisha',
  'Theo',
];
const LAST_NAMES = ['Okafor', 'Smith', 'Patel', 'Jones', 'Williams', 'Khan', 'Brown', 'Taylor', 'Nowak', 'Evans', 'Hughes', 'Begum'];
const LOCATIONS = ['Year 4 classroom', 'Playground', 'Dining hall', 'Corridor by the library', 'Sensory room', 'PE hall', 'Reception'];
const CONCERN_DETAILS =
  'During morning registration the pupil arrived late, appeared withdrawn and was wearing the same clothes as the previous two days. ' +
  'When asked gently whether everything was all right at home, the pupil said that mum had been "shouting a lot" and that they had not ' +
  'had breakfast. A bruise about 3cm across was visible on the left forearm; the pupil said it happened "at the park". Recorded in the ' +
  'words used; no leading questions were asked.';

/** A small deterministic generator, so two runs build the same shape of history. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface StreamHead {
  version: number;
  hash: string | null;
}

type Task = () => void;

/**
 * Yields batches of rows in a plausible global order: registrations first, then weekday by weekday,
 * new concerns, incidents, training and cover interleaved with the follow-ups of earlier ones.
 */
export class History {
  readonly schools: School[] = [];
  /** Every stream's last version and hash, for the streams table. */
  readonly heads = new Map<string, StreamHead>();
  skipped = 0;
  private emitted = 0;
  private batch: HistoryRow[] = [];
  private readonly random: () => number;
  private readonly states = new Map<string, unknown>();
  private readonly agenda = new Map<number, Task[]>();
  private clock = 0;
  private readonly days: number;
  private readonly dates: string[] = [];

  constructor(private readonly options: HistoryOptions) {
    this.random = rng(options.seed ?? 20260302);
    this.days = options.days ?? 3 * 195;
    // School days: weekdays going back from yesterday.
    let t = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()) - DAY_MS;
    while (this.dates.length < this.days) {
      const wd = new Date(t).getUTCDay();
      if (wd !== 0 && wd !== 6) this.dates.unshift(new Date(t).toISOString().slice(0, 10));
      t -= DAY_MS;
    }
  }

  get count(): number {
    return this.emitted;
  }

  *batches(size: number): Generator<HistoryRow[]> {
    const { events, schools } = this.options;
    const perSchool = events / schools;
    const staffPerSchool = Math.max(8, Math.min(80, Math.round(perSchool * 0.0025)));
    const pupilsPerSchool = Math.max(20, Math.min(900, Math.round(perSchool * 0.025)));
    const trusts = Array.from({ length: Math.ceil(schools / 8) }, () => randomUUID());

    this.clock = Date.parse(`${this.dates[0]}T07:00:00Z`);
    for (let s = 0; s < schools && !this.full(); s++) {
      const school: School = { schoolId: randomUUID(), trustId: trusts[Math.floor(s / 8)]!, dsl: '', staff: [], pupils: [] };
      this.schools.push(school);
      for (let i = 0; i < staffPerSchool && !this.full(); i++) this.registerStaff(school, i);
      for (let i = 0; i < pupilsPerSchool && !this.full(); i++) this.registerPupil(school);
      if (this.batch.length >= size) yield this.take();
    }

    const perDay = events / this.days;
    for (let day = 0; day < this.days && !this.full(); day++) {
      const dayStart = Date.parse(`${this.dates[day]}T07:30:00Z`);
      this.clock = Math.max(this.clock, dayStart);
      const step = (9 * 3600_000) / Math.max(1, perDay);
      const target = Math.round(perDay * (day + 1));
      // Follow-ups due today first (including those today's new episodes schedule), new episodes up to the day's share.
      while (!this.full()) {
        const task = this.agenda.get(day)?.shift();
        if (task) task();
        else if (this.emitted < target) this.startEpisode(day);
        else break;
        this.clock += step;
        if (this.batch.length >= size) yield this.take();
      }
      this.agenda.delete(day);
    }
    if (this.batch.length > 0) yield this.take();
    this.states.clear();
    this.agenda.clear();
  }

  private full(): boolean {
    return this.emitted >= this.options.events;
  }

  private take(): HistoryRow[] {
    const b = this.batch;
    this.batch = [];
    return b;
  }

  private later(day: number, task: Task): void {
    if (day >= this.days) return;
    const list = this.agenda.get(day);
    if (list) list.push(task);
    else this.agenda.set(day, [task]);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private nowIso(): string {
    return new Date(this.clock).toISOString();
  }

  /** Decides on the stream's state and records the resulting events; a refused command is skipped. */
  private run<C, E extends DomainEvent, S>(
    streamId: string,
    decider: Decider<C, E, S>,
    command: C,
    meta: Omit<EventMetadata, 'correlationId' | 'causationId'>,
    keepState = true,
  ): boolean {
    if (this.full()) return false;
    const state = (this.states.has(streamId) ? this.states.get(streamId) : decider.initialState) as S;
    let events: E[];
    try {
      events = decider.decide(command, state);
    } catch (err) {
      if (err instanceof RuleViolation) {
        this.skipped += 1;
        return false;
      }
      throw err;
    }
    const head = this.heads.get(streamId) ?? { version: -1, hash: null };
    const recordedAt = this.nowIso();
    const correlationId = randomUUID();
    let next = state;
    for (const e of events) {
      if (this.full()) break;
      const metadata: EventMetadata = { ...meta, correlationId, causationId: null };
      const version = head.version + 1;
      const eventId = randomUUID();
      const hash = eventHash(
        { streamId, streamVersion: version, eventId, type: e.type, schemaVersion: e.schemaVersion, data: e.data, metadata, recordedAt },
        head.hash,
      );
      this.batch.push({
        streamId,
        streamVersion: version,
        eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: JSON.stringify(e.data),
        metadata: JSON.stringify(metadata),
        recordedAt,
        previousHash: head.hash,
        hash,
      });
      head.version = version;
      head.hash = hash;
      this.emitted += 1;
      next = decider.evolve(next, e);
    }
    this.heads.set(streamId, head);
    if (keepState) this.states.set(streamId, next);
    else this.states.delete(streamId);
    return true;
  }

  private meta(school: School, actorId: string, occurredAt = this.nowIso()) {
    return { actorId, schoolId: school.schoolId, trustId: school.trustId, occurredAt };
  }

  private registerStaff(school: School, i: number): void {
    const roles: JobRole[] = [
      'teacher',
      'teaching_assistant',
      'one_to_one_ta',
      'learning_behaviour_assistant',
      'learning_progress_assistant',
    ];
    const jobRole: JobRole =
      i === 0 ? 'dsl' : i === 1 ? 'headteacher' : i % 9 === 2 ? 'hlta' : i % 11 === 3 ? 'cover_supervisor' : this.pick(roles);
    const staffRoles: StaffRole[] = i === 0 ? ['staff', 'dsl'] : i === 1 ? ['staff', 'headteacher'] : ['staff'];
    const id = randomUUID();
    const hours = jobRole === 'teacher' || i < 2 ? 37.5 : this.pick([25, 27.5, 32.5, 32.5]);
    const name = `${this.pick(FIRST_NAMES)} ${this.pick(LAST_NAMES)}`;
    const command: StaffCommand = {
      type: 'RegisterStaffMember',
      staffId: id,
      name,
      email: `${id.slice(0, 8)}@school.example.org`,
      jobRole,
      roles: staffRoles,
      contractedHoursPerWeek: hours,
      startDate: '2019-09-01',
      hlta: jobRole === 'hlta',
      schoolId: school.schoolId,
      now: this.nowIso(),
    };
    if (!this.run(staffStream(id), staffDecider, command, this.meta(school, school.dsl || id))) return;
    if (i === 0) school.dsl = id;
    school.staff.push({ id, jobRole, hours, hlta: jobRole === 'hlta' });
    // Their certificates as they stood when the history starts.
    for (const course of DEFAULT_TRAINING_REFERENCE.requiredByJobRole[jobRole])
      this.completeTraining(school, id, course, this.dates[0]!, 300);
  }

  private completeTraining(school: School, staffId: string, course: string, on: string, daysBack: number): void {
    const completedOn = new Date(Date.parse(on) - Math.floor(this.random() * daysBack) * DAY_MS).toISOString().slice(0, 10);
    const command: StaffCommand = {
      type: 'RecordTrainingCompletion',
      completionId: randomUUID(),
      course,
      completedOn,
      provider: this.random() < 0.5 ? 'Team Teach Ltd' : 'Local authority safeguarding partnership',
      certificateRef: `CERT-${Math.floor(this.random() * 1e8)}`,
      reference: DEFAULT_TRAINING_REFERENCE,
      now: this.nowIso(),
    };
    this.run(staffStream(staffId), staffDecider, command, this.meta(school, school.dsl || staffId));
  }

  private registerPupil(school: School): void {
    const id = randomUUID();
    const yearIndex = 2 + Math.floor(this.random() * 7);
    const sen = this.random() < 0.16;
    const command: PupilCommand = {
      type: 'RegisterPupil',
      pupilId: id,
      firstName: this.pick(FIRST_NAMES),
      lastName: this.pick(LAST_NAMES),
      dateOfBirth: `${2025 - yearIndex - 5}-0${1 + Math.floor(this.random() * 9)}-1${Math.floor(this.random() * 9)}`,
      yearGroup: PUPIL_YEAR_GROUPS[yearIndex]!,
      sen,
      ehcp: sen && this.random() < 0.25,
      schoolId: school.schoolId,
      now: this.nowIso(),
    };
    if (this.run(pupilStream(id), pupilDecider, command, this.meta(school, school.dsl))) school.pupils.push(id);
  }

  private startEpisode(day: number): void {
    const school = this.pick(this.schools);
    const r = this.random();
    // Weights chosen so events split about 45% concerns, 28% incidents, 12% training, 15% cover.
    if (r < 0.16) this.concern(school, day);
    else if (r < 0.33) this.incident(school, day);
    else if (r < 0.6)
      this.completeTraining(
        school,
        this.pick(school.staff).id,
        this.pick(Object.keys(DEFAULT_TRAINING_REFERENCE.courses)),
        this.dates[day]!,
        3,
      );
    else if (r < 0.99) this.cover(school, day);
    else this.senChange(school);
  }

  private concern(school: School, day: number): void {
    const id = randomUUID();
    const stream = concernStream(id);
    const raiser = this.pick(school.staff).id;
    const occurredAt = new Date(this.clock - Math.floor(this.random() * 90) * 60_000).toISOString();
    const categories = [...new Set([this.pick(CONCERN_CATEGORIES), this.pick(CONCERN_CATEGORIES)])];
    const urgency = this.random() < 0.8 ? 'routine' : this.random() < 0.9 ? 'urgent' : 'immediate_danger';
    const raise: ConcernCommand = {
      type: 'RaiseConcern',
      concernId: id,
      pupilIds: [this.pick(school.pupils)],
      categories,
      summary: 'Arrived late, withdrawn; bruise on left forearm; says no breakfast',
      details: CONCERN_DETAILS,
      occurredAt,
      urgency,
      informedDslVerbally: urgency !== 'routine',
      bodyMap: this.random() < 0.3 ? [{ region: 'left forearm', note: 'bruise, about 3cm, yellowing' }] : [],
      raisedBy: raiser,
      now: this.nowIso(),
    };
    if (!this.run(stream, concernDecider, raise, this.meta(school, raiser, occurredAt))) return;
    const dsl = school.dsl;
    const step =
      (command: (now: string) => ConcernCommand, last = false) =>
      () =>
        this.run(stream, concernDecider, command(this.nowIso()), this.meta(school, dsl), !last);
    if (this.random() < 0.7)
      this.later(
        day,
        step((now) => ({ type: 'AcknowledgeConcern', by: dsl, now })),
      );
    this.later(
      day + Math.floor(this.random() * 3),
      step((now) => ({
        type: 'TriageConcern',
        riskLevel: this.pick(['low', 'medium', 'high'] as const),
        decision: this.pick(['monitor', 'early_help', 'refer_childrens_social_care', 'no_further_action'] as const),
        rationale: 'Pattern of lateness and presentation; spoke to class teacher; no disclosure; monitor and speak to parent.',
        by: dsl,
        now,
      })),
    );
    const actions = Math.floor(this.random() * 3);
    for (let a = 0; a < actions; a++) {
      const actionId = randomUUID();
      const due = this.dates[Math.min(this.days - 1, day + 10)]!;
      this.later(
        day + 3 + a,
        step((now) => ({
          type: 'AssignConcernAction',
          actionId,
          description: 'Phone parent to discuss attendance and breakfast club place',
          assigneeId: this.pick(school.staff).id,
          dueOn: due,
          by: dsl,
          now,
        })),
      );
      this.later(
        day + 5 + a + Math.floor(this.random() * 8),
        step((now) => ({ type: 'CompleteConcernAction', actionId, note: 'Spoke to mum; breakfast club from Monday.', by: dsl, now })),
      );
    }
    const addenda = Math.floor(this.random() * 2.5);
    for (let a = 0; a < addenda; a++) {
      const addendumId = randomUUID();
      this.later(
        day + 1 + Math.floor(this.random() * 10),
        step((now) => ({
          type: 'AddConcernAddendum',
          addendumId,
          text: 'Pupil seemed brighter today and ate at breakfast club.',
          by: dsl,
          now,
        })),
      );
    }
    const closes = this.random() < 0.7;
    this.later(
      day + 15 + Math.floor(this.random() * 25),
      closes
        ? step(
            (now) => ({
              type: 'CloseConcern',
              outcome: 'Support in place; attendance improved over four weeks.',
              reasonCode: this.pick(CONCERN_CLOSURE_REASON_CODES),
              rationale: 'No further concerns raised; early help plan reviewed with family.',
              by: dsl,
              now,
            }),
            true,
          )
        : () => this.states.delete(stream),
    );
  }

  private incident(school: School, day: number): void {
    const id = randomUUID();
    const stream = incidentStream(id);
    const pupilId = this.pick(school.pupils);
    const pupil = this.states.get(pupilStream(pupilId)) as PupilState;
    const staff = [this.pick(school.staff).id, this.pick(school.staff).id];
    const start = this.clock - (20 + Math.floor(this.random() * 120)) * 60_000;
    const occurredAt = new Date(start).toISOString();
    const endedAt = new Date(start + (2 + Math.floor(this.random() * 12)) * 60_000).toISOString();
    const record: IncidentCommand = {
      type: 'RecordIncident',
      incidentId: id,
      pupilId,
      pupilSen: { sen: pupil?.sen ?? false, ehcp: pupil?.ehcp ?? false },
      occurredAt,
      endedAt,
      location: this.pick(LOCATIONS),
      staffInvolved: [...new Set(staff)].map((staffId) => ({ staffId, holds: [this.pick(TEAM_TEACH_HOLDS)] })),
      antecedents: 'Transition from playground to class; pupil became distressed when asked to line up and ran towards the gate.',
      deEscalation: ['Calm talk, offered choices', 'Offered time in the sensory room'],
      interventionType: this.pick(INTERVENTION_TYPES),
      reason: this.pick(INCIDENT_REASONS),
      injuries: [],
      aftercare: 'Water and quiet time with key adult; checked for marks; returned to class after 20 minutes.',
      witnesses: [this.pick(school.staff).id],
      recordedBy: staff[0]!,
      now: this.nowIso(),
    };
    if (!this.run(stream, incidentDecider, record, this.meta(school, staff[0]!, occurredAt))) return;
    const step =
      (command: (now: string) => IncidentCommand, by: string, last = false) =>
      () =>
        this.run(stream, incidentDecider, command(this.nowIso()), this.meta(school, by), !last);
    this.later(
      day,
      this.random() < 0.95
        ? step(
            (now) => ({
              type: 'RecordParentNotification',
              notifiedAt: now,
              method: this.pick(PARENT_NOTIFICATION_METHODS),
              notifiedBy: staff[0]!,
              parentName: 'Parent',
              relationship: 'parent',
              summaryShared: 'What happened, the hold used and how the pupil was afterwards.',
              by: staff[0]!,
              now,
            }),
            staff[0]!,
          )
        : step(
            (now) => ({
              type: 'ExemptParentNotification',
              reason: 'Telling the parent would put the pupil at risk of significant harm (open child protection enquiry).',
              significantHarmRisk: true,
              byRoles: ['dsl'],
              by: staff[0]!,
              now,
            }),
            staff[0]!,
          ),
    );
    if (this.random() < 0.9) {
      this.later(
        day + 1,
        step(
          (now) => ({
            type: 'RecordDebrief',
            debriefId: randomUUID(),
            kind: 'pupil',
            heldAt: now,
            notes: 'Talked through what happened using a comic strip.',
            by: staff[0]!,
            now,
          }),
          staff[0]!,
        ),
      );
    }
    if (this.random() < 0.7) {
      this.later(
        day + 1,
        step(
          (now) => ({
            type: 'RecordDebrief',
            debriefId: randomUUID(),
            kind: 'staff',
            heldAt: now,
            notes: 'Team reflected; agreed an earlier exit plan.',
            by: staff[0]!,
            now,
          }),
          staff[0]!,
        ),
      );
    }
    if (this.random() < 0.15) {
      this.later(
        day + 2,
        step(
          (now) => ({
            type: 'CorrectIncident',
            correctionId: randomUUID(),
            reason: 'Location misrecorded',
            field: 'location',
            value: this.pick(LOCATIONS),
            by: staff[0]!,
            now,
          }),
          staff[0]!,
        ),
      );
    }
    this.later(
      day + 3 + Math.floor(this.random() * 5),
      this.random() < 0.85
        ? step(
            (now) => ({ type: 'ReviewIncident', notes: 'Reviewed; risk assessment updated.', by: school.dsl, byRoles: ['dsl'], now }),
            school.dsl,
            true,
          )
        : () => this.states.delete(stream),
    );
  }

  private cover(school: School, day: number): void {
    const member = this.pick(school.staff.filter((s) => s.jobRole !== 'teacher' && s.jobRole !== 'dsl' && s.jobRole !== 'headteacher'));
    if (!member) return;
    const period = Math.floor(this.random() * 6);
    const start = `${String(9 + period).padStart(2, '0')}:00`;
    const end = `${String(9 + period).padStart(2, '0')}:50`;
    const assignmentId = randomUUID();
    const stream = coverStream(member.id);
    const assign: CoverCommand = {
      type: 'AssignCover',
      assignmentId,
      staffId: member.id,
      staffContractedHoursPerWeek: member.hours,
      staffIsHlta: member.hlta,
      classGroup: `${3 + Math.floor(this.random() * 4)}${this.pick(['A', 'B', 'C'])}`,
      date: this.dates[day]!,
      start,
      end,
      reason: 'Teacher absent (illness)',
      deliversLesson: member.hlta && this.random() < 0.5,
      byRoles: ['headteacher'],
      by: school.staff[1]?.id ?? school.dsl,
      now: this.nowIso(),
    };
    if (!this.run(stream, coverDecider, assign, this.meta(school, assign.by))) return;
    if (this.random() < 0.08) {
      this.later(day, () =>
        this.run(
          stream,
          coverDecider,
          { type: 'CancelCover', assignmentId, reason: 'Teacher returned', by: assign.by, now: this.nowIso() },
          this.meta(school, assign.by),
        ),
      );
    }
  }

  private senChange(school: School): void {
    const pupilId = this.pick(school.pupils);
    const state = this.states.get(pupilStream(pupilId)) as PupilState;
    if (!state) return;
    const sen = !state.sen;
    this.run(
      pupilStream(pupilId),
      pupilDecider,
      { type: 'RecordPupilSenStatus', sen, ehcp: false, now: this.nowIso() },
      this.meta(school, school.dsl),
    );
  }
}
