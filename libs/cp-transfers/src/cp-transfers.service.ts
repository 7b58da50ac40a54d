import { Inject, Injectable } from '@nestjs/common';
import { Accounts } from '#lib/auth';
import { ChronologyService } from '#lib/chronology';
import { ConcernVisibility } from '#lib/concerns';
import { CLOCK, type Clock, type CommandContext, CommandRunner, notFound, uuidFrom, ViewLog } from '#lib/core';
import { incidentDecider, incidentStream } from '#lib/incidents';
import { type Actor, isSafeguardingLead, RuleViolation } from '#lib/kernel';
import { fullName, pupilDecider, pupilStream } from '#lib/pupils';
import { staffDecider, staffStream } from '#lib/workforce';
import { liveSource, readerOf, ReadModels } from '#lib/read-models';
import { canonicalJson, type ChildProtectionFile, contentHashOf, renderPackage } from './cp-transfer-package.js';
import type { LeavingDto, ReceiptDto } from './cp-transfer.dto.js';
import { IncomingTransfer, OutgoingTransfer, ReceivedFile } from './cp-transfers.entities.js';
import { CP_TRANSFERS } from './cp-transfers.projection.js';
import { type CpTransfer, cpTransferDecider, cpTransferStream, onPlatform } from './domain/decider.js';
import { PackageSigning } from './package-signing.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TransferListItem {
  id: string;
  pupilId: string;
  pupil: { id: string; name: string | null };
  from: { schoolId: string; name: string | null };
  to: { schoolId: string | null; name: string; urn: string | null };
  leftOn: string;
  dueOn: string;
  status: string;
  receivedAt?: string;
}

/** The id of a pupil's `slot`-th transfer (0 for the first): derived, so concurrent starts meet on one stream. */
export const cpTransferIdOf = (pupilId: string, slot: number): string => uuidFrom(`cp-transfer\u0000${pupilId}\u0000${slot}`);

const alreadyLeaving = (open: CpTransfer) =>
  new RuleViolation('cp_transfer.already_leaving', `The file of this pupil is already on its way to ${open.destination.name}.`);

/** Child protection file transfers: starting one, the lists, receipt, and the signed package. */
@Injectable()
export class CpTransfers {
  constructor(
    private readonly runner: CommandRunner,
    private readonly accounts: Accounts,
    private readonly readModels: ReadModels,
    private readonly visibility: ConcernVisibility,
    private readonly chronology: ChronologyService,
    private readonly views: ViewLog,
    private readonly signing: PackageSigning,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async start(pupilId: string, body: LeavingDto, ctx: CommandContext): Promise<{ transferId: string }> {
    const schoolId = ctx.actor.schoolId;
    const { state: pupil } = UUID.test(pupilId) ? await this.runner.load(pupilStream(pupilId), pupilDecider) : { state: null };
    if (schoolId === null || pupil === null || pupil.schoolId !== schoolId) throw notFound('pupil');
    let destination = { schoolId: body.destination.schoolId ?? null, name: body.destination.name, urn: body.destination.urn ?? null };
    if (destination.schoolId !== null) {
      const school = await this.accounts.school(destination.schoolId);
      if (school === null)
        throw new RuleViolation('cp_transfer.unknown_school', `destination.schoolId: no school ${destination.schoolId} on the platform.`);
      // The platform's own name for a school on it, whatever was typed.
      destination = { ...destination, name: school.name };
    }
    const { transferId, open } = await this.nextTransferOf(pupilId);
    if (open) throw alreadyLeaving(open);
    try {
      await this.runner.run({
        streamId: cpTransferStream(transferId),
        decider: cpTransferDecider,
        context: ctx,
        schoolId,
        command: (_, now) => ({
          type: 'StartCpTransfer' as const,
          transferId,
          pupilId,
          fromSchoolId: schoolId,
          leftOn: body.leftOn,
          destination,
          by: ctx.actor.staffId,
          now,
        }),
      });
    } catch (err) {
      // Another start took the pupil's slot between our read and our write.
      if (!(err instanceof RuleViolation && err.rule === 'cp_transfer.already_started')) throw err;
      const { state } = await this.runner.load(cpTransferStream(transferId), cpTransferDecider);
      throw state ? alreadyLeaving(state) : err;
    }
    return { transferId };
  }

  async list(actor: Actor, direction: 'outgoing' | 'incoming', schoolId: string): Promise<TransferListItem[]> {
    const scope = this.scopeOf(actor, schoolId);
    const rows =
      direction === 'outgoing'
        ? (
            await this.readModels.read(CP_TRANSFERS, scope, (db) =>
              db.find(OutgoingTransfer, { where: { schoolId }, order: { startedAt: 'DESC' } }),
            )
          ).map((r) => ({ ...r, fromSchoolId: r.schoolId, to: { schoolId: r.toSchoolId, name: r.toName, urn: r.toUrn } }))
        : (
            await this.readModels.read(CP_TRANSFERS, scope, (db) =>
              db.find(IncomingTransfer, { where: { schoolId }, order: { startedAt: 'DESC' } }),
            )
          ).map((r) => ({ ...r, to: { schoolId: r.schoolId, name: '', urn: null as string | null } }));
    const schoolNames = new Map<string, string | null>();
    const nameOfSchool = async (id: string) => {
      if (!schoolNames.has(id)) schoolNames.set(id, (await this.accounts.school(id))?.name ?? null);
      return schoolNames.get(id)!;
    };
    const items: TransferListItem[] = [];
    for (const r of rows) {
      const { state: pupil } = await this.runner.load(pupilStream(r.pupilId), pupilDecider);
      items.push({
        id: r.transferId,
        pupilId: r.pupilId,
        pupil: { id: r.pupilId, name: pupil ? fullName(pupil) : null },
        from: { schoolId: r.fromSchoolId, name: await nameOfSchool(r.fromSchoolId) },
        to: r.to.schoolId !== null && r.to.name === '' ? { ...r.to, name: (await nameOfSchool(r.to.schoolId)) ?? '' } : r.to,
        leftOn: r.leftOn,
        dueOn: r.dueOn,
        status: r.status,
        ...(r.receivedAt ? { receivedAt: r.receivedAt.toISOString() } : {}),
      });
    }
    return items;
  }

  /**
   * On the platform the receiving school's safeguarding leads confirm; elsewhere the sender records
   * who received it and when. Anyone else is told the transfer does not exist.
   */
  async receipt(id: string, body: ReceiptDto, ctx: CommandContext): Promise<{ id: string; version: number }> {
    const { transfer } = await this.open(id);
    const actor = ctx.actor;
    const sender = this.isSender(actor, transfer);
    const receiver = onPlatform(transfer) && actor.schoolId === transfer.destination.schoolId && isSafeguardingLead(actor);
    if (!sender && !receiver) throw notFound('transfer');
    const { version } = await this.runner.run({
      streamId: cpTransferStream(id),
      decider: cpTransferDecider,
      context: ctx,
      schoolId: actor.schoolId,
      occurredAt: (now) => (receiver ? now : (body.receivedAt ?? now)),
      command: (_, now) =>
        receiver
          ? { type: 'ConfirmCpTransferReceipt' as const, by: actor.staffId, bySchoolId: actor.schoolId!, now }
          : {
              type: 'RecordCpTransferReceipt' as const,
              receivedBy: body.receivedBy ?? '',
              receivedAt: body.receivedAt ?? '',
              by: actor.staffId,
              now,
            },
    });
    return { id, version };
  }

  /** The signed PDF of the whole file, for the sending school's safeguarding leads. Recorded as a view. */
  async package(id: string, ctx: CommandContext): Promise<{ pdf: Buffer; contentHash: string; file: ChildProtectionFile }> {
    const { transfer } = await this.open(id);
    if (!this.isSender(ctx.actor, transfer)) throw notFound('transfer');
    const file = await this.fileOf(transfer, ctx);
    const pdf = await renderPackage(file, await this.signing.ready());
    await this.views.record(ctx.actor, 'cp_transfer_package', id, transfer.fromSchoolId, ctx.correlationId);
    return { pdf, contentHash: contentHashOf(file), file };
  }

  async publicKey(): Promise<{ algorithm: 'Ed25519'; publicKeyPem: string }> {
    return { algorithm: 'Ed25519', publicKeyPem: (await this.signing.ready()).publicKeyPem };
  }

  /**
   * The file as the sender may see it: the pupil's chronology, every concern about them (never one
   * about an adult: an allegation's record stays with the school that employs the adult, KCSIE part
   * four) with its decisions, actions, referrals and closure, and every restraint record.
   */
  private async fileOf(transfer: CpTransfer, ctx: CommandContext): Promise<ChildProtectionFile> {
    const { state: pupil } = await this.runner.load(pupilStream(transfer.pupilId), pupilDecider);
    if (pupil === null) throw notFound('pupil');
    const lines = await this.chronology.chronology(ctx.actor, transfer.pupilId, ctx, liveSource(this.readModels));
    const concerns: Record<string, unknown>[] = [];
    const included = new Set<string>();
    for (const concernId of new Set(lines.flatMap((l) => (l.ref.concernId ? [l.ref.concernId] : [])))) {
      const found = await this.visibility.open(ctx.actor, concernId);
      if (found === null || found.concern.aboutAdult !== null || (found.access !== 'lead' && found.access !== 'case_manager')) continue;
      included.add(concernId);
      concerns.push({ ...plain(found.concern), history: found.events.map(historyEntry) });
    }
    const restraints: Record<string, unknown>[] = [];
    for (const incidentId of new Set(lines.flatMap((l) => (l.ref.incidentId ? [l.ref.incidentId] : [])))) {
      const { state, events } = await this.runner.load(incidentStream(incidentId), incidentDecider);
      if (state === null || events[0]?.metadata.schoolId !== transfer.fromSchoolId) continue;
      restraints.push({ ...plain(state), history: events.map(historyEntry) });
    }
    const from = await this.accounts.school(transfer.fromSchoolId);
    // The receiver cannot look staff up: everyone who acted on the file is named.
    const people: Record<string, string> = {};
    for (const record of [...concerns, ...restraints]) {
      for (const entry of record.history as { actorId: string }[]) {
        if (entry.actorId in people) continue;
        const { state } = await this.runner.load(staffStream(entry.actorId), staffDecider);
        people[entry.actorId] = state?.name ?? '';
      }
    }
    return {
      format: 'child-protection-file/1',
      transfer: {
        id: transfer.transferId,
        from: { schoolId: transfer.fromSchoolId, name: from?.name ?? '' },
        to: transfer.destination,
        leftOn: transfer.leftOn,
        dueOn: transfer.dueOn,
      },
      pupil: {
        id: pupil.pupilId,
        firstName: pupil.firstName,
        lastName: pupil.lastName,
        dateOfBirth: pupil.dateOfBirth,
        yearGroup: pupil.yearGroup,
        upn: pupil.upn,
      },
      generatedAt: this.clock.now().toISOString(),
      generatedBy: { staffId: ctx.actor.staffId, name: ctx.actor.name },
      chronology: lines
        .filter((l) => !l.ref.concernId || included.has(l.ref.concernId))
        .map((l) => ({ occurredAt: l.occurredAt, recordedAt: l.recordedAt, late: l.late, kind: l.kind, summary: l.summary })),
      concerns,
      restraints,
      people,
    };
  }

  /**
   * The pupil's transfers take the pupil's numbered slots in turn (cpTransferIdOf), so the next one's
   * stream is known before it exists: two starts at once both append to it expecting no stream, and
   * the store lets one in. Read through the port, so it sees every write before it (read-your-writes).
   * Returns the next free slot, or the transfer still awaiting receipt that holds the pupil's file.
   */
  private async nextTransferOf(pupilId: string): Promise<{ transferId: string; open: CpTransfer | null }> {
    for (let slot = 0; ; slot++) {
      const transferId = cpTransferIdOf(pupilId, slot);
      const { state } = await this.runner.load(cpTransferStream(transferId), cpTransferDecider);
      if (state === null) return { transferId, open: null };
      if (state.status === 'awaiting_receipt') return { transferId, open: state };
    }
  }

  private isSender(actor: Actor, transfer: CpTransfer): boolean {
    return actor.schoolId === transfer.fromSchoolId && isSafeguardingLead(actor);
  }

  private async open(id: string): Promise<{ transfer: CpTransfer; version: number }> {
    if (!UUID.test(id)) throw notFound('transfer');
    const { state, version } = await this.runner.load(cpTransferStream(id), cpTransferDecider);
    if (state === null) throw notFound('transfer');
    return { transfer: state, version };
  }

  private scopeOf(actor: Actor, schoolId: string) {
    return { schoolIds: [schoolId], trustId: actor.trustId, reader: readerOf(actor) };
  }

  /** The pupils whose file the actor's school has received (the source of ReceivedFiles). */
  async receivedBy(actor: Actor): Promise<string[]> {
    const schoolId = actor.schoolId;
    if (schoolId === null) return [];
    const rows = await this.readModels.read(CP_TRANSFERS, this.scopeOf(actor, schoolId), (db) =>
      db.find(ReceivedFile, { where: { schoolId } }),
    );
    return rows.map((r) => r.pupilId);
  }
}

const historyEntry = (e: { type: string; metadata: { occurredAt: string; actorId: string }; recordedAt: string; data: unknown }) => ({
  type: e.type,
  occurredAt: e.metadata.occurredAt,
  recordedAt: e.recordedAt,
  actorId: e.metadata.actorId,
  data: e.data,
});

/** A domain state as plain JSON (what the canonical JSON and its hash cover). */
const plain = (state: object): Record<string, unknown> => JSON.parse(canonicalJson(state)) as Record<string, unknown>;
