import { hasRole, type Actor } from '#lib/kernel';

/**
 * Leads and trust readers see the whole school's matrix; anyone else sees only their own row
 * (their own training record is theirs to check, other people's is not).
 */
export function trainingMatrixScope(actor: Actor): 'school' | 'own' {
  return hasRole(actor, 'dsl', 'deputy_dsl', 'headteacher', 'trust_auditor', 'trust_admin') ? 'school' : 'own';
}
