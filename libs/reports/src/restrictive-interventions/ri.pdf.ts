import PDFDocument from 'pdfkit';
import { INTERVENTION_TYPE_LABELS, INTERVENTION_TYPES, REPORT_GROUP_LABELS, type RestrictiveInterventionsReport } from './ri.types.js';

/**
 * Counts below this, in a breakdown by a child's characteristics, are shown as "fewer than 3":
 * governors' papers travel, and in one school "1 looked-after girl in year 4" names a child.
 */
export const SUPPRESS_BELOW = 3;

/** A count as the governors' report shows it: 0 and counts from SUPPRESS_BELOW on as they are, 1 and 2 suppressed. */
export function shownCount(n: number): string {
  return n > 0 && n < SUPPRESS_BELOW ? `fewer than ${SUPPRESS_BELOW}` : String(n);
}

export interface GovernorsReportContext {
  schoolNames: string[];
  generatedOn: string;
}

const YEAR_LABEL = (y: string) => (y === 'N' ? 'Nursery' : y === 'R' ? 'Reception' : y === 'not_recorded' ? 'Not recorded' : `Year ${y}`);

/**
 * The governors' report: counts only. No pupil and no member of staff is named, and counts of a
 * group of children smaller than SUPPRESS_BELOW are suppressed (totals, types, durations and
 * injuries, which describe the school's practice rather than a group of children, are shown).
 */
export function governorsReportPdf(report: RestrictiveInterventionsReport, context: GovernorsReportContext): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: 'Restrictive interventions: report for governors', Subject: `${report.from} to ${report.to}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const heading = (text: string) => {
    if (doc.y > doc.page.height - 160) doc.addPage();
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(text, left, doc.y, { width });
    doc.moveDown(0.2);
  };
  const row = (label: string, value: string) => {
    const y = doc.y;
    doc
      .font('Helvetica')
      .fontSize(10)
      .text(label, left, y, { width: width - 140 });
    const after = doc.y;
    doc.text(value, left + width - 130, y, { width: 130, align: 'right' });
    doc.y = Math.max(after, doc.y);
  };
  const table = (title: string, entries: [string, string][]) => {
    heading(title);
    for (const [label, value] of entries) row(label, value);
  };

  doc.font('Helvetica-Bold').fontSize(16).text('Restrictive interventions: report for governors', { width });
  doc.font('Helvetica').fontSize(10).moveDown(0.3);
  doc.text(`${context.schoolNames.join(', ')}`, { width });
  doc.text(`Period: ${report.from} to ${report.to}. Produced on ${context.generatedOn}.`, { width });
  doc.text(
    `Counts are of incidents. No pupil or member of staff is named; counts of 1 or 2 in a breakdown by pupil characteristics are shown as "fewer than ${SUPPRESS_BELOW}".`,
    { width },
  );

  table('Summary', [
    ['Incidents', String(report.total)],
    ['Pupils involved', String(report.pupils)],
    ['Pupils with more than one incident', shownCount(report.repeatPupils.length)],
    ['Staff involved', String(report.byStaff.length)],
  ]);
  table(
    'By type of intervention',
    INTERVENTION_TYPES.map((t) => [INTERVENTION_TYPE_LABELS[t], String(report.byType[t])]),
  );
  table(
    'By special educational needs (at the time)',
    (Object.keys(report.bySen) as (keyof typeof report.bySen)[]).map((g) => [REPORT_GROUP_LABELS[g], shownCount(report.bySen[g])]),
  );
  table(
    'By disability (at the time)',
    (Object.keys(report.byDisability) as (keyof typeof report.byDisability)[]).map((g) => [
      REPORT_GROUP_LABELS[g],
      shownCount(report.byDisability[g]),
    ]),
  );
  table(
    'By sex',
    (Object.keys(report.bySex) as (keyof typeof report.bySex)[]).map((g) => [REPORT_GROUP_LABELS[g], shownCount(report.bySex[g])]),
  );
  table(
    'Children looked after, previously looked after or with a plan (at the time)',
    (Object.keys(report.byVulnerability) as (keyof typeof report.byVulnerability)[]).map((g) => [
      REPORT_GROUP_LABELS[g],
      shownCount(report.byVulnerability[g]),
    ]),
  );
  table(
    'By year group',
    report.byYearGroup.map(({ yearGroup, incidents }) => [YEAR_LABEL(yearGroup), shownCount(incidents)]),
  );
  table('Durations', [
    ['Total minutes', String(report.durations.totalMinutes)],
    ['Mean minutes', String(report.durations.meanMinutes)],
    ['Median minutes', String(report.durations.medianMinutes)],
    ['Longest (minutes)', String(report.durations.longestMinutes)],
    ...(Object.keys(report.durations.bands) as (keyof typeof report.durations.bands)[]).map((b): [string, string] => [
      REPORT_GROUP_LABELS[b],
      String(report.durations.bands[b]),
    ]),
  ]);
  table('Injuries', [
    ['Incidents with an injury to the pupil', String(report.injuries.pupil)],
    ['Incidents with an injury to staff', String(report.injuries.staff)],
  ]);
  // How the work falls on staff, without naming anyone: how many were involved how often.
  const spread = { once: 0, twoToFour: 0, fiveOrMore: 0 };
  for (const s of report.byStaff) {
    if (s.incidents === 1) spread.once += 1;
    else if (s.incidents < 5) spread.twoToFour += 1;
    else spread.fiveOrMore += 1;
  }
  table('Staff involvement', [
    ['Staff involved in one incident', String(spread.once)],
    ['Staff involved in 2 to 4 incidents', String(spread.twoToFour)],
    ['Staff involved in 5 or more incidents', String(spread.fiveOrMore)],
  ]);
  doc.end();
  return done;
}
