/**
 * Who may import from the MIS: the headteacher of the school and the trust's admins. An import
 * changes the whole roll and creates staff accounts at once — the data manager's work, done under
 * the head's authority — so the DSL, who registers a single pupil, does not import.
 */
export const IMPORTERS = ['headteacher', 'trust_admin'] as const;
