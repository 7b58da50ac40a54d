/** What an import does with each row of the file: the dry run's table, and the work the import then does. */
export type PlannedRow<D> =
  | { row: number; action: 'create'; key: string; details: D }
  | { row: number; action: 'change'; key: string; id: string; details: D; changes: string[] }
  | { row: number; action: 'unchanged'; key: string; id: string };

export interface Rejection {
  row: number;
  reason: string;
}

export interface ImportPlan<D> {
  rows: PlannedRow<D>[];
  reject: Rejection[];
}

/** The fields whose values differ, in the order given. */
export function changedFields<D extends object>(now: D, before: D, fields: readonly (keyof D & string)[]): string[] {
  return fields.filter((f) => now[f] !== before[f]);
}

/**
 * The answer to an import: counts of what it would do (dry run) or did, every rejected row with its
 * reason, and the rows it creates or changes (`name` for the table the school checks).
 */
export interface ImportSummary {
  dryRun: boolean;
  create: number;
  change: number;
  unchanged: number;
  reject: Rejection[];
  rows: { row: number; action: 'create' | 'change'; key: string; name: string; changes?: string[] }[];
}

export function summarise<D>(plan: ImportPlan<D>, dryRun: boolean, nameOf: (details: D) => string): ImportSummary {
  const count = (action: PlannedRow<D>['action']) => plan.rows.filter((r) => r.action === action).length;
  return {
    dryRun,
    create: count('create'),
    change: count('change'),
    unchanged: count('unchanged'),
    reject: [...plan.reject].sort((a, b) => a.row - b.row),
    rows: plan.rows.flatMap((r): ImportSummary['rows'] => {
      if (r.action === 'create') return [{ row: r.row, action: r.action, key: r.key, name: nameOf(r.details) }];
      if (r.action === 'change') return [{ row: r.row, action: r.action, key: r.key, name: nameOf(r.details), changes: r.changes }];
      return [];
    }),
  };
}
