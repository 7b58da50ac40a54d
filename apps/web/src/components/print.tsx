import { useState } from 'react';
import { api, ApiError } from '../session/api.js';
import { announce } from './ui.js';

/**
 * Prints the server's record (a PDF with the school, the reader and the time on every page, the
 * print recorded as a view), not the screen. The tab is opened at the click, so no pop-up blocker
 * stops it; where one does, the PDF is saved instead.
 */
export function PrintRecordButton({ path, filename, what }: { path: string; filename: string; what: string }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  async function print() {
    setBusy(true);
    setProblem(null);
    const tab = window.open('', '_blank');
    try {
      const pdf = await api.file(path, { format: 'pdf' });
      const url = URL.createObjectURL(pdf);
      if (tab) tab.location.href = url;
      else {
        const link = document.createElement('a');
        link.href = url;
        link.download = filename;
        link.click();
      }
      announce(`The ${what} is ready to print.`);
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      tab?.close();
      setProblem(err instanceof ApiError ? (err.problem.detail ?? err.problem.title) : 'The record could not be printed.');
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className="button-secondary" onClick={() => void print()} disabled={busy}>
        {busy ? 'Preparing PDF…' : `Print ${what} (PDF)`}
      </button>
      {problem && (
        <span role="alert" className="field-error">
          {problem}
        </span>
      )}
    </>
  );
}
