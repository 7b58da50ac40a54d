import { alertRules, type AlertActions, type AlertNeed } from '#lib/alerts';
import { addSchoolDays, startOfLondonDay } from '#lib/kernel';
import type { CpTransferEvent } from './domain/events.js';

export const CP_TRANSFER_ALERT_KINDS = ['cp_transfer_due', 'cp_transfer_incoming'] as const;

/** School days after the due date before an unreceived file is escalated to the headteacher. */
export const CP_TRANSFER_ESCALATE_SCHOOL_DAYS = 2;

const transferIdOf = (streamId: string) => streamId.slice('cp-transfer-'.length);

/** Receipt settles the transfer: what fired is resolved (the file arrived), what has not fired is disarmed. */
const received = {
  needs: (e: { streamId: string }, need: AlertNeed) => {
    const transferId = transferIdOf(e.streamId);
    need.firedAlerts('cp_transfer_due', transferId);
    need.alert(`cp_transfer_incoming:${transferId}`);
  },
  act: (e: { streamId: string; recordedAt: string }, a: AlertActions, by: string) => {
    const transferId = transferIdOf(e.streamId);
    const at = new Date(e.recordedAt);
    a.resolveFired('cp_transfer_due', transferId, at, by, 'The file’s receipt is confirmed');
    a.resolve(`cp_transfer_incoming:${transferId}`, at, by, 'The file’s receipt is confirmed');
    a.disarm('cp_transfer_due', transferId);
  },
};

/**
 * KCSIE 2025: a leaver's child protection file reaches the new school within 5 school days. Not
 * received by then, the sending school's DSL is alerted at the start of the 6th school day; still
 * not received two school days later, the headteacher. Receipt resolves what fired and cancels the rest. A
 * receiving school on the platform is told at once that a file is on its way, to confirm it.
 */
export function cpTransferAlertRules() {
  return alertRules<CpTransferEvent>()({
    family: 'cp-transfers',
    kinds: CP_TRANSFER_ALERT_KINDS,
    entities: [],
    migrations: [],
    handlers: {
      CpTransferStarted: (e, a) => {
        const d = e.data;
        const armedAt = new Date(e.recordedAt);
        if (d.destination.schoolId !== null)
          a.raise(
            {
              cause: `cp_transfer_incoming:${d.transferId}`,
              kind: 'cp_transfer_incoming',
              priority: 'medium',
              escalationLevel: 0,
              audience: 'dsl',
              schoolId: d.destination.schoolId,
              subject: { pupilId: d.pupilId },
              message: `A pupil’s child protection file is on its way to you (due by ${d.dueOn}): confirm its receipt under Transfers`,
            },
            armedAt,
          );
        const overdueOn = addSchoolDays(d.dueOn, 1);
        const escalateOn = addSchoolDays(d.dueOn, 1 + CP_TRANSFER_ESCALATE_SCHOOL_DAYS);
        const subject = { pupilId: d.pupilId };
        const to = d.destination.name;
        a.arm(d.transferId, startOfLondonDay(overdueOn), armedAt, {
          cause: `cp_transfer_due:${d.transferId}:0`,
          kind: 'cp_transfer_due',
          priority: 'high',
          escalationLevel: 0,
          audience: 'dsl',
          schoolId: d.fromSchoolId,
          subject,
          message: `The child protection file sent to ${to} was due by ${d.dueOn} (5 school days) and its receipt is not confirmed`,
        });
        a.arm(d.transferId, startOfLondonDay(escalateOn), armedAt, {
          cause: `cp_transfer_due:${d.transferId}:2`,
          kind: 'cp_transfer_due',
          priority: 'critical',
          escalationLevel: 2,
          audience: 'headteacher',
          schoolId: d.fromSchoolId,
          subject,
          message: `The child protection file sent to ${to} is ${1 + CP_TRANSFER_ESCALATE_SCHOOL_DAYS} school days overdue (due ${d.dueOn}) and its receipt is not confirmed`,
        });
      },
      CpTransferReceiptConfirmed: { needs: received.needs, act: (e, a) => received.act(e, a, e.data.confirmedBy) },
      CpTransferReceiptRecorded: { needs: received.needs, act: (e, a) => received.act(e, a, e.data.recordedBy) },
    },
  });
}
