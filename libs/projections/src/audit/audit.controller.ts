import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type pg from 'pg';
import { ALERTS_PROJECTION } from '../../../alerts/src/alerts.projection.js';
import { listAlerts } from '../../../alerts/src/alerts.queries.js';
import { nameAlertSubjects } from '../../../alerts/src/alerts.js';
import { Accounts } from '../../../auth/src/accounts.js';
import { hasRole, type Actor, type Role } from '../../../auth/src/actor.js';
import { CurrentActor, Roles } from '../../../auth/src/decorators.js';
import { schoolInScope } from '../../../auth/src/school-scope.js';
import { Ctx, type CommandContext } from '../../../core/src/command-context.js';
import { PG_POOL } from '../../../core/src/database.module.js';
import { HistorySealer } from '../../../core/src/history-sealer.js';
import { invalidInput } from '../../../core/src/problem-details.js';
import { viewsStream } from '../../../core/src/view-log.js';
import { concernStream } from '../../../domain/src/concern/decider.js';
import { EVENT_STORE, type EventStore } from '../../../event-store/src/event-store.js';
import { ReadModels } from '../../../read-models/src/read-models.js';
import { ChronologyService } from '../chronology/chronology.service.js';
import { CoverLedgerService } from '../cover-ledger/cover-ledger.service.js';
import { replaySource } from '../shared/read-source.js';
import { assertRecentMfa } from '../../../auth/src/auth.guard.js';
import { CLOCK, type Clock } from '../../../core/src/clock.js';
import { TeamTeachService } from '../team-teach/team-teach.service.js';
import { TrainingMatrixService } from '../training-matrix/training-matrix.service.js';
import { auditEvents } from './audit-events.js';
import { AuditEventsQueryDto, AuditReplayQueryDto, AuditViewsQueryDto } from './audit.dto.js';

/** Trust auditors read their trust; a school's DSL and headteacher read their school. Nothing here writes. */
const AUDITORS = ['trust_auditor', 'dsl', 'headteacher'] as const;

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(PG_POOL) private readonly pool: pg.Pool,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModels,
    private readonly accounts: Accounts,
    private readonly trainingMatrix: TrainingMatrixService,
    private readonly coverLedger: CoverLedgerService,
    private readonly teamTeach: TeamTeachService,
    private readonly chronology: ChronologyService,
    private readonly sealer: HistorySealer,
  ) {}

  @Get('events')
  @Roles(...AUDITORS)
  @ApiOkResponse({
    description:
      '[{ globalPosition, streamId, streamVersion, eventId, type, schemaVersion, data, metadata, recordedAt, hash, previousHash }]',
  })
  events(@Query() query: AuditEventsQueryDto, @CurrentActor() actor: Actor) {
    return auditEvents(this.pool, actor, {
      stream: query.stream,
      fromPosition: String(query.fromPosition ?? 0),
      limit: query.limit ?? 100,
      actorId: query.actorId,
      from: query.from,
      to: query.to,
    });
  }

  /** Walks every stream's hash chain and checks every seal (those in the store and those kept outside it). */
  @Get('verify')
  @Roles(...AUDITORS)
  @ApiOkResponse({ description: '{ ok, checkedEvents, sealsChecked?, firstBrokenPosition? }' })
  async verify() {
    const { ok, checkedEvents, sealsChecked, firstBrokenPosition } = await this.store.verify();
    return {
      ok,
      checkedEvents,
      ...(sealsChecked === undefined ? {} : { sealsChecked }),
      ...(firstBrokenPosition === undefined ? {} : { firstBrokenPosition }),
    };
  }

  /**
   * The seals of the history (Merkle roots over every event hash up to a position), for an auditor
   * to keep: a seal held outside the platform catches even a rewrite of everything inside it.
   */
  @Get('seals')
  @Roles(...AUDITORS)
  @ApiOkResponse({ description: '[{ upTo: { transactionId, globalPosition }, events, root, sealedAt }]' })
  seals() {
    return this.sealer.seals();
  }

  /** The projection rebuilt from the events recorded up to `asOf`, answered as its live route answers. */
  @Get('replay')
  @Roles(...AUDITORS)
  @ApiOkResponse({ description: 'What the projection’s live route returned at that instant' })
  async replay(@Query() query: AuditReplayQueryDto, @Ctx() ctx: CommandContext) {
    const source = replaySource(this.readModels, new Date(query.asOf));
    const { actor } = ctx;
    switch (query.projection) {
      case 'alerts': {
        const schoolId = await schoolInScope(actor, query.schoolId, this.accounts);
        // An auditor reads every alert of the school, whoever its audience was.
        const roles: Role[] = hasRole(actor, 'trust_auditor') ? ['dsl', 'deputy_dsl', 'headteacher'] : actor.roles;
        const alerts = await source.read(ALERTS_PROJECTION, { schoolIds: [schoolId] }, (db) =>
          listAlerts(db, { schoolId, roles, status: query.status }),
        );
        return nameAlertSubjects(this.readModels, alerts, schoolId);
      }
      case 'training-matrix':
        return this.trainingMatrix.matrix(actor, { asOf: query.date, jobRole: query.jobRole, schoolId: query.schoolId }, source);
      case 'cover-ledger':
        return this.coverLedger.ledger(actor, { week: query.week, schoolId: query.schoolId }, source);
      case 'team-teach':
        return this.teamTeach.audit(actor, { from: query.from, to: query.to, schoolId: query.schoolId }, source);
      case 'chronology':
        if (query.pupilId === undefined) throw invalidInput([{ field: 'pupilId', message: 'name the pupil whose chronology to replay' }]);
        // A child's whole file, as on the live route: only with a second factor given recently.
        assertRecentMfa(actor, this.clock.now());
        return this.chronology.chronology(actor, query.pupilId, ctx, source);
    }
  }

  /** Who viewed a record and when: a trust auditor sees views within their trust, a school lead within their school. */
  @Get('views')
  @Roles(...AUDITORS)
  @ApiOkResponse({ description: '[{ viewerId, viewerName, viewerRoles, subjectType, viewedAt }]' })
  async views(@Query() query: AuditViewsQueryDto, @CurrentActor() actor: Actor) {
    // As in the raw history: who read a concern about an adult is the headteacher's and the auditor's business only.
    if (!hasRole(actor, 'headteacher', 'trust_auditor') && (await this.isConcernAboutAdult(query.subject))) return [];
    const events = await this.store.readStream(viewsStream(query.subject));
    const trustWide = actor.schoolId === null && hasRole(actor, 'trust_auditor');
    return events
      .filter((e) => (trustWide ? e.metadata.trustId === actor.trustId : e.metadata.schoolId === actor.schoolId))
      .map((e) => e.data);
  }

  private async isConcernAboutAdult(id: string): Promise<boolean> {
    const [raised] = await this.store.readStream(concernStream(id));
    const aboutAdult = raised?.type === 'ConcernRaised' ? (raised.data as { aboutAdult?: unknown }).aboutAdult : null;
    return typeof aboutAdult === 'object' && aboutAdult !== null;
  }
}
