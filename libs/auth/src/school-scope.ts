import { notFound } from '../../core/src/problem-details.js';
import { hasRole, type Actor } from './actor.js';
import type { Accounts } from './accounts.js';

/**
 * The school a request acts in: the token's school, or for trust-level readers one school of their
 * trust chosen with `?schoolId=`. Another trust's school is "not found", never "forbidden".
 */
export async function schoolInScope(actor: Actor, requested: string | undefined, accounts: Accounts): Promise<string> {
  if (actor.schoolId) {
    if (requested && requested !== actor.schoolId) throw notFound('school');
    return actor.schoolId;
  }
  if (!hasRole(actor, 'trust_auditor', 'trust_admin')) throw notFound('school');
  const schools = await accounts.schoolsOfTrust(actor.trustId);
  const chosen = requested ?? schools[0]?.id;
  if (!chosen || !schools.some((s) => s.id === chosen)) throw notFound('school');
  return chosen;
}
