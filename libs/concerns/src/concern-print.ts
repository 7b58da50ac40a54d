import { londonDateTime, type PrintedEntry, type PrintedRecord } from '#lib/printing';
import type { HistoryEntry, PupilName } from './concern-views.js';
import { CONCERN_EVENT_LABELS, type ConcernEventType } from './domain/events.js';
import { BODY_MAP_REGION_LABELS, CONCERN_CATEGORY_LABELS, CONCERN_URGENCY_LABELS } from './domain/vocabulary.js';

/** What of a concern's detail the print shows: exactly what the reader's JSON shows (the same cut). */
export interface PrintableConcern {
  categories: string[];
  urgency: string;
  occurredAt: string;
  summary: string;
  details: string;
  bodyMap: { region: string; note: string }[];
  raisedAt: string;
  pupils: PupilName[];
  adult: { name: string; roleDescription?: string } | null;
  events: HistoryEntry[];
}

const label = (labels: Readonly<Record<string, string>>, code: string) => labels[code] ?? code;

/** Ids and the instant of the command say nothing to a reader of paper. */
const UNPRINTED = /(Id|Ids|^by|^now|^bodyMap)$/;

const words = (key: string) => key.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());

/** The words written in an event (text, dates, choices), one line each, in the event's order. */
function eventLines(data: unknown): string[] {
  if (typeof data !== 'object' || data === null) return [];
  return Object.entries(data as Record<string, unknown>).flatMap(([key, value]) => {
    if (UNPRINTED.test(key) || value === null || value === undefined || value === '') return [];
    if (Array.isArray(value))
      return value.every((v) => typeof v === 'string') && value.length > 0 ? [`${words(key)}: ${value.join(', ')}`] : [];
    return typeof value === 'object' ? [] : [`${words(key)}: ${String(value)}`];
  });
}

/** A concern's record as printed: what was raised, then everything that happened to it, by when it was recorded. */
export function concernPrint(
  concern: PrintableConcern,
  meta: { school: string; reader: string; printedAt: string; nameOf: (staffId: string) => string },
): PrintedRecord {
  const about = concern.adult
    ? `about ${concern.adult.name}${concern.adult.roleDescription ? ` (${concern.adult.roleDescription})` : ''}`
    : concern.pupils.map((p) => p.fullName ?? 'a pupil').join(', ');
  const raised: PrintedEntry = {
    when: londonDateTime(concern.occurredAt),
    heading: `${concern.categories.map((c) => label(CONCERN_CATEGORY_LABELS, c)).join(', ')} · ${label(CONCERN_URGENCY_LABELS, concern.urgency)}`,
    lines: [
      concern.summary,
      concern.details,
      ...concern.bodyMap.map((m) => `Body map, ${label(BODY_MAP_REGION_LABELS, m.region)}: ${m.note}`),
      ...(concern.pupils.length > 0 ? [`Pupils: ${concern.pupils.map((p) => p.fullName ?? p.id).join(', ')}`] : []),
      `Recorded ${londonDateTime(concern.raisedAt)}`,
    ],
  };
  return {
    title: `Safeguarding concern: ${about}`,
    school: meta.school,
    reader: meta.reader,
    printedAt: meta.printedAt,
    sections: [
      { heading: 'The concern', entries: [raised] },
      {
        heading: 'History',
        entries: concern.events.map((e) => ({
          when: londonDateTime(e.recordedAt),
          heading: `${label(CONCERN_EVENT_LABELS, e.type as ConcernEventType)} by ${meta.nameOf(e.actorId)}`,
          lines: e.type === 'ConcernRaised' ? [] : eventLines(e.data),
        })),
      },
    ],
  };
}
