import { hasRole, type Actor } from '#lib/kernel';

/** The headteacher, the DSL and trust readers see every row; anyone else only their own cover. */
export function coverLedgerScope(actor: Actor): 'school' | 'own' {
  return hasRole(actor, 'headteacher', 'dsl', 'trust_auditor', 'trust_admin') ? 'school' : 'own';
}
