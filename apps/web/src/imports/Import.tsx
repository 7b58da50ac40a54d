import { useState, type FormEvent } from 'react';
import { ErrorSummary, Page, problemOf, type FormProblem } from '../components/ui.js';
import { api, newKey } from '../session/api.js';
import { getSession } from '../session/session.js';

type Kind = 'pupils' | 'staff';

interface ImportResult {
  dryRun: boolean;
  create: number;
  change: number;
  unchanged: number;
  reject: { row: number; reason: string }[];
  rows: { row: number; action: 'create' | 'change'; key: string; name: string; changes?: string[] }[];
  accounts?: { row: number; staffId: string; email: string; temporaryPassword: string }[];
}

const KINDS: Record<Kind, { label: string; columns: string }> = {
  pupils: {
    label: 'Pupils',
    columns: 'UPN, legal forename, legal surname, date of birth, year group (NC year) and SEN status (N, K or E)',
  },
  staff: { label: 'Staff', columns: 'name (or forename and surname), email, role or job title, contracted hours, start date' },
};

const FIELD_WORDS: Record<string, string> = {
  firstName: 'forename',
  lastName: 'surname',
  dateOfBirth: 'date of birth',
  yearGroup: 'year group',
  sen: 'SEN',
  ehcp: 'EHCP',
  name: 'name',
  jobRole: 'job role',
  contractedHoursPerWeek: 'contracted hours',
};

/**
 * The MIS import wizard: choose the export (SIMS, Arbor or Bromcom CSV), see what it would do row by
 * row — created, changed, rejected with the reason — and only then import. Nothing is stored until
 * "Import" is pressed; importing the same file again changes nothing.
 */
export function ImportPage() {
  const [kind, setKind] = useState<Kind>('pupils');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [mapping, setMapping] = useState('');
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [busy, setBusy] = useState(false);
  // One import is one command: a retry after a lost answer repeats it, never doubles it.
  const [key, setKey] = useState(newKey);

  const send = (dryRun: boolean) =>
    api.postText<ImportResult>(`/imports/${kind}`, file!.text, 'text/csv', {
      query: { dryRun, mapping: mapping.trim() || undefined, schoolId: getSession()?.schoolId },
      idempotencyKey: dryRun ? undefined : key,
    });

  async function check(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    setPreview(null);
    if (!file) {
      setProblem({ message: 'Choose the CSV file to import.', fields: { file: 'Choose the CSV file exported from the MIS' } });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      setPreview(await send(true));
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    setBusy(true);
    setProblem(null);
    try {
      setDone(await send(false));
      setPreview(null);
      setKey(newKey());
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page
      title="Import from the MIS"
      intro="Pupils and staff from the CSV export of SIMS, Arbor or Bromcom. First check what the file would do; nothing is stored until you import."
    >
      <ErrorSummary problem={problem} labels={{ file: 'CSV export', mapping: 'Column mapping', body: 'CSV export' }} />
      <form onSubmit={check} noValidate>
        <fieldset className="field">
          <legend>What does the file hold?</legend>
          {(Object.keys(KINDS) as Kind[]).map((k) => (
            <div className="radio" key={k}>
              <input
                type="radio"
                id={`import-kind-${k}`}
                name="import-kind"
                checked={kind === k}
                onChange={() => {
                  setKind(k);
                  setPreview(null);
                }}
              />
              <label htmlFor={`import-kind-${k}`}>{KINDS[k].label}</label>
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="field-file">CSV export</label>
          <p className="hint" id="file-hint">
            First row: the column names. Recognised: {KINDS[kind].columns}.
          </p>
          <input
            id="field-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="file-hint"
            onChange={async (e) => {
              const chosen = e.target.files?.[0];
              setPreview(null);
              setFile(chosen ? { name: chosen.name, text: await chosen.text() } : null);
            }}
          />
        </div>
        <details>
          <summary>Columns with other names</summary>
          <div className="field">
            <label htmlFor="field-mapping">Column mapping (JSON)</label>
            <p className="hint" id="mapping-hint">
              {'For headers the import does not recognise, e.g. {"upn": "Pupil No", "yearGroup": "Form year"}.'}
            </p>
            <textarea
              id="field-mapping"
              rows={2}
              value={mapping}
              aria-describedby="mapping-hint"
              onChange={(e) => setMapping(e.target.value)}
            />
          </div>
        </details>
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy && !preview ? 'Checking…' : 'Check the file'}
          </button>
        </div>
      </form>

      {preview && (
        <section aria-labelledby="preview-title">
          <h2 id="preview-title">What the import would do</h2>
          <p role="status" data-testid="import-counts">
            {preview.create} to create, {preview.change} to change, {preview.unchanged} unchanged, {preview.reject.length} rejected.
          </p>
          <ImportTable result={preview} />
          <div className="actions">
            <button type="button" onClick={() => void confirm()} disabled={busy || preview.create + preview.change === 0}>
              {busy ? 'Importing…' : `Import ${preview.create + preview.change} ${kind === 'pupils' ? 'pupils' : 'staff'}`}
            </button>
            <button type="button" className="button-secondary" onClick={() => setPreview(null)} disabled={busy}>
              Cancel
            </button>
          </div>
        </section>
      )}

      {done && (
        <section aria-labelledby="done-title">
          <h2 id="done-title">Imported</h2>
          <p role="status">
            {done.create} created, {done.change} changed, {done.unchanged} unchanged, {done.reject.length} rejected (not imported).
          </p>
          {done.accounts && done.accounts.length > 0 && (
            <div className="table-wrap">
              <table>
                <caption>New accounts: give each person their one-time password. It is shown only now.</caption>
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">One-time password</th>
                  </tr>
                </thead>
                <tbody>
                  {done.accounts.map((a) => (
                    <tr key={a.staffId}>
                      <td>{a.email}</td>
                      <td>
                        <code>{a.temporaryPassword}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <ImportTable result={done} />
        </section>
      )}
    </Page>
  );
}

/** Every row the file creates, changes or rejects, by its row in the spreadsheet. */
function ImportTable({ result }: { result: ImportResult }) {
  const lines = [
    ...result.reject.map((r) => ({ row: r.row, action: 'Rejected', who: '', detail: r.reason })),
    ...result.rows.map((r) => ({
      row: r.row,
      action: r.action === 'create' ? 'Create' : 'Change',
      who: `${r.name} (${r.key})`,
      detail: r.changes ? `New ${r.changes.map((c) => FIELD_WORDS[c] ?? c).join(', ')}` : '',
    })),
  ].sort((a, b) => a.row - b.row);
  if (lines.length === 0) return <p>Nothing to create, change or reject: the platform already holds this file.</p>;
  return (
    <div className="table-wrap">
      <table data-testid="import-table">
        <caption className="visually-hidden">Rows of the file</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Action</th>
            <th scope="col">Who</th>
            <th scope="col">Reason or change</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.row} className={l.action === 'Rejected' ? 'rejected' : undefined}>
              <td>{l.row}</td>
              <td>{l.action}</td>
              <td>{l.who}</td>
              <td>{l.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
