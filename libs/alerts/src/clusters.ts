/**
 * "N things within a window" rules (concern patterns, repeat restraints, low-level concerns about
 * an adult) fire once per cause. The cause is the subject plus the window's first item (the anchor):
 * an alert claims every item of its subject in [anchor, anchor + window], including items recorded
 * later, and a new alert needs `count` items that no earlier alert of the subject has claimed.
 * So with a threshold of 3 in 30 days: the 3rd concern raises one alert, a 4th inside that window
 * raises none, and another alert needs 3 further concerns after the window.
 */

export interface ClusterItem {
  id: string;
  at: Date;
}

export interface Claim {
  start: Date;
  end: Date;
}

export interface Cluster {
  anchor: ClusterItem;
  start: Date;
  end: Date;
  members: ClusterItem[];
}

const inside = (at: Date, claim: Claim) => claim.start.getTime() <= at.getTime() && at.getTime() <= claim.end.getTime();

/** The cluster `added` completes, or null when it completes none (or falls in a claimed window). */
export function freshCluster(
  items: readonly ClusterItem[],
  claims: readonly Claim[],
  added: ClusterItem,
  windowEnd: (start: Date) => Date,
  count: number,
): Cluster | null {
  if (claims.some((c) => inside(added.at, c))) return null;
  const fresh = items
    .filter((i) => !claims.some((c) => inside(i.at, c)))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id));
  for (const anchor of fresh) {
    if (anchor.at.getTime() > added.at.getTime()) break;
    const end = windowEnd(anchor.at);
    if (added.at.getTime() > end.getTime()) continue;
    const members = fresh.filter((i) => i.at.getTime() >= anchor.at.getTime() && i.at.getTime() <= end.getTime());
    if (members.length >= count) return { anchor, start: anchor.at, end, members };
  }
  return null;
}

/**
 * The run of consecutive school days (weekends do not break it) that contains `date`, from a set
 * of school-day dates. `nextSchoolDay` gives the school day after a date.
 */
export function schoolDayRun(dates: readonly string[], date: string, nextSchoolDay: (d: string) => string): string[] {
  const set = new Set(dates);
  if (!set.has(date)) return [];
  const sorted = [...set].sort();
  const runs: string[][] = [];
  for (const d of sorted) {
    const last = runs.at(-1);
    if (last && nextSchoolDay(last.at(-1)!) === d) last.push(d);
    else runs.push([d]);
  }
  return runs.find((r) => r.includes(date)) ?? [];
}
