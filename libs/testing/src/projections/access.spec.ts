import { caseManagerRolesOf, type Actor, type Role } from '#lib/kernel';
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

  it('lets case managers (and auditors, who read everything) read what is kept about adults: never a DSL', () => {
    expect(caseManagerRolesOf(actor('headteacher'))).toEqual(['headteacher']);
    expect(caseManagerRolesOf(actor('trust_safeguarding_lead'))).toEqual(['trust_safeguarding_lead']);
    expect(caseManagerRolesOf(actor('trust_auditor'))).toEqual(['headteacher', 'trust_safeguarding_lead']);
    expect(caseManagerRolesOf(actor('dsl', 'deputy_dsl'))).toEqual([]);
  });
});
