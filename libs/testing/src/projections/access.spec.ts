import type { Actor, Role } from '#lib/kernel';
import { seesConcernsAboutAdults } from '#lib/chronology';
import { coverLedgerScope, trainingMatrixScope } from '#lib/workforce';

const actor = (...roles: Role[]): Actor => ({ staffId: 's', name: 'S', roles, schoolId: 'school', trustId: 'trust' });

describe('who sees what', () => {
  it('shows the whole training matrix to leads and trust readers, and staff their own row', () => {
    for (const role of ['dsl', 'deputy_dsl', 'headteacher', 'trust_auditor', 'trust_admin'] as Role[])
      expect(trainingMatrixScope(actor(role))).toBe('school');
    expect(trainingMatrixScope(actor('staff'))).toBe('own');
  });

  it('shows the whole cover ledger to the headteacher, the DSL and trust readers', () => {
    for (const role of ['dsl', 'headteacher', 'trust_auditor', 'trust_admin'] as Role[])
      expect(coverLedgerScope(actor(role))).toBe('school');
    expect(coverLedgerScope(actor('staff'))).toBe('own');
    expect(coverLedgerScope(actor('deputy_dsl'))).toBe('own');
  });

  it('shows concerns about adults in a chronology to the headteacher only', () => {
    expect(seesConcernsAboutAdults(actor('headteacher'))).toBe(true);
    expect(seesConcernsAboutAdults(actor('dsl'))).toBe(false);
    expect(seesConcernsAboutAdults(actor('trust_auditor'))).toBe(false);
  });
});
