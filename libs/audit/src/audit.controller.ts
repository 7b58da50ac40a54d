import { Controller, Get, Inject, Optional, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type pg from 'pg';
import {
  ALERT_SUBJECT_NAMES,
  type AlertSubjectNames,
  ALERTS_PROJECTION,
  listAlerts,
  nameAlertSubjects,
  visibleAlertIds,
} from '#lib/alerts';
import { Accounts, assertRecentMfa, CurrentActor, Roles, schoolInScope, schoolsInScope } from '#lib/auth';
import { type Actor, hasRole } from '#lib/kernel';
import {
  type Clock,
  CLOCK,
  type CommandContext,
  Ctx,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  HistorySealer,
  invalidInput,
  linkNext,
  pageInMemory,
  PG_POOL,
  viewsStream,
} from '#lib/core';
import { ConcernVisibility, concernStream } from '#lib/concerns';
import { EVENT_STORE, type EventStore } from '#lib/event-store';
import { readerOf, ReadModels, replaySource } from '#lib/read-models';
import { ChronologyService } from '#lib/chronology';
import { CoverLedgerService, TrainingMatrixService } from '#lib/workforce';
import { TeamTeachService } from '#lib/incidents';
import { auditEvents } from './audit-events.js';
import { AuditThrottle } from './audit-throttle.js';
import { AuditEventsQueryDto, AuditReplayQueryDto, AuditViewsQueryDto } from './audit.dto.js';

/** Trust auditors read their trust; a school's DSL and headteacher read their school. Nothing here writes. */
const AUDITORS = ['trust_auditor', 'dsl', 'headteacher'] as const;
/** Full walks of the history per trust an hour (GET /api/audit/verify). */
const VERIFICATIONS_PER_HOUR = 30;

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  private readonly verifications = new AuditThrottle('verification', VERIFICATIONS_PER_HOUR);
  private readonly sealLists = new AuditThrottle('seal list', 120);

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
    private readonly concerns: ConcernVisibility,
    @Optional() @Inject(ALERT_SUBJECT_NAMES) private readonly names: AlertSubjectNames | null = null,
  ) {}

  @Get('events')
  @Roles(...AUDITORS)
  @ApiOkResponse({
    description:
      '[{ globalPosition, streamId, streamVersion, eventId, type, schemaVersion, data, metadata, recordedAt, hash, previousHash }]',
  })
  async events(
    @Query() query: AuditEventsQueryDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const schoolIds = await schoolsInScope(actor, undefined, this.accounts);
    const visibleAlerts = (ids: string[]) =>
      this.readModels.read(ALERTS_PROJECTION, { schoolIds, trustId: actor.trustId, reader: readerOf(actor) }, (db) =>
        visibleAlertIds(db, { schoolIds, roles: actor.roles, staffId: actor.staffId, ids }),
      );
    // A cursor (the last position of the page before) and fromPosition say the same: where to go on from.
    const after = decodeCursor(query.cursor, ['string'])?.[0] ?? String(query.fromPosition ?? 0);
    if (!/^\d{1,19}$/.test(String(after))) throw invalidInput([{ field: 'cursor', message: 'is not a cursor this list gave' }]);
    const page = await auditEvents(
      this.store,
      this.pool,
      actor,
      {
        stream: query.stream,
        fromPosition: String(after),
        limit: query.limit ?? DEFAULT_PAGE_SIZE,
        actorId: query.actorId,
        from: query.from,
        to: query.to,
      },
      visibleAlerts,
    );
    linkNext(req, res, page.next === null ? null : encodeCursor([page.next]));
    return page.events;
  }

  /**
   * Checks the hash chains of the caller's records (a trust auditor's: the trust's; a school's DSL or
   * head: the school's) and every seal over the whole history (those in the store and those kept
   * outside it: a seal covers every trust at once). Throttled per trust.
   */
  @Get('verify')
  @Roles(...AUDITORS)
  @ApiOkResponse({ description: '{ ok, checkedEvents, sealsChecked?, firstBrokenPosition? }' })
  async verify(@CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    const schoolIds = actor.schoolId === null ? undefined : await schoolsInScope(actor, undefined, this.accounts);
    const { ok, checkedEvents, sealsChecked, firstBrokenPosition } = await this.verifications.run(
      actor.trustId,
      () => this.store.verify({ trustId: actor.trustId, schoolIds }),
      (seconds) => res.setHeader('Retry-After', String(seconds)),
    );
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
  seals(@CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response) {
    return this.sealLists.run(
      actor.trustId,
      () => this.sealer.seals(),
      (seconds) => res.setHeader('Retry-After', String(seconds)),
    );
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
        // As the live inbox: an auditor reads every alert of the school, whoever its audience was.
        const scope = { schoolIds: [schoolId], reader: readerOf(actor) };
        const alerts = await source.read(ALERTS_PROJECTION, scope, (db) =>
          listAlerts(db, { schoolIds: [schoolId], roles: actor.roles, staffId: actor.staffId, status: query.status }),
        );
        return nameAlertSubjects(this.readModels, this.names, alerts, scope);
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
  async views(
    @Query() query: AuditViewsQueryDto,
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    // Who read a concern is the business only of those who may read all of it (never of its adult, nor its raiser).
    if (await this.isConcern(query.subject)) {
      const found = await this.concerns.open(actor, query.subject);
      if (found === null || found.access === 'raiser') return [];
    }
    const events = await this.store.readStream(viewsStream(query.subject));
    const trustWide = actor.schoolId === null && hasRole(actor, 'trust_auditor');
    const seen = events.filter((e) => (trustWide ? e.metadata.trustId === actor.trustId : e.metadata.schoolId === actor.schoolId));
    // Oldest first; a cursor is the stream version of the last view given.
    const page = pageInMemory(
      seen,
      query,
      ['number'],
      (e) => [e.streamVersion],
      (a, b) => Number(a[0]) - Number(b[0]),
    );
    linkNext(req, res, page.next);
    return page.items.map((e) => e.data);
  }

  private async isConcern(id: string): Promise<boolean> {
    const [raised] = await this.store.readStream(concernStream(id));
    return raised?.type === 'ConcernRaised';
  }
}
