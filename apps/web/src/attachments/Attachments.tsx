import { useEffect, useState } from 'react';
import { announce, useLoad } from '../components/ui.js';
import { formatDateTime } from '../components/time.js';
import { api, ApiError } from '../session/api.js';
import { getSession } from '../session/session.js';

interface AttachmentItem {
  id: string;
  contentType: string;
  size: number;
  fileName: string;
  addedBy: string;
  addedAt: string;
}

/** What the server accepts (it reads the type from the bytes; this only narrows the picker). */
const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif,application/pdf,.doc,.docx,.xls,.xlsx,.pptx,.odt,.ods,.rtf';
const MAX_BYTES = 20 * 1024 * 1024;

const sizeOf = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** The bytes, with the session's token (an <img src> cannot send it), as an address the page can show. */
async function objectUrlOf(id: string): Promise<string> {
  const token = getSession()?.token;
  const res = await fetch(`/api/attachments/${encodeURIComponent(id)}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw new Error(`The file could not be opened (${res.status}).`);
  return URL.createObjectURL(await res.blob());
}

/**
 * The files kept with a concern or an incident: photos shown in place, letters opened in a new tab,
 * and (for those who may add to the record) a camera button for phones beside a file picker.
 */
export function Attachments({
  recordType,
  recordId,
  canAdd,
  name,
}: {
  recordType: 'concern' | 'incident';
  recordId: string;
  canAdd: boolean;
  name: (staffId: string) => string;
}) {
  const path = `/${recordType}s/${encodeURIComponent(recordId)}/attachments`;
  const loaded = useLoad(() => api.get<AttachmentItem[]>(path), [path]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const items = loaded.data ?? [];

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    if (file.size > MAX_BYTES) {
      setError(`${file.name} is ${sizeOf(file.size)}: a file can be at most 20 MB.`);
      return;
    }
    setBusy(true);
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const token = getSession()?.token;
      const res = await fetch(`/api${path}`, { method: 'POST', headers: token ? { Authorization: `Bearer ${token}` } : {}, body: form });
      if (!res.ok) {
        const problem = (await res.json().catch(() => ({}))) as { detail?: string };
        throw new Error(
          res.status === 415
            ? 'That kind of file cannot be attached. Photos (JPEG, PNG), PDF and office documents can.'
            : res.status === 413
              ? 'The file is over 20 MB.'
              : (problem.detail ?? `The file was not attached (${res.status}).`),
        );
      }
      announce(`${file.name} attached.`);
      loaded.reload();
    } catch (err) {
      setError(err instanceof ApiError ? (err.problem.detail ?? err.problem.title) : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={`attachments-title-${recordId}`}>
      <h2 id={`attachments-title-${recordId}`}>Photos and documents</h2>
      {loaded.error !== undefined && <p className="notice notice-error">The files could not be listed.</p>}
      {items.length === 0 && !loaded.loading && <p>No files yet.</p>}
      {items.length > 0 && (
        <ul className="attachments">
          {items.map((a) => (
            <li key={a.id}>
              <AttachmentPreview item={a} />
              <p className="muted">
                {a.fileName} · {sizeOf(a.size)} · added {formatDateTime(a.addedAt)} by {name(a.addedBy)}
              </p>
            </li>
          ))}
        </ul>
      )}
      {canAdd && items.length < 10 && (
        <div className="attachment-inputs">
          {error && (
            <p className="notice notice-error" role="alert">
              {error}
            </p>
          )}
          {/* On a phone this opens the camera; elsewhere it picks an image. */}
          <label htmlFor={`photo-${recordId}`}>Take or choose a photo</label>
          <input
            id={`photo-${recordId}`}
            type="file"
            accept="image/*"
            capture="environment"
            disabled={busy}
            onChange={(e) => void upload(e.target.files?.[0]).finally(() => (e.target.value = ''))}
          />
          <label htmlFor={`file-${recordId}`}>Attach a document (PDF, Word, Excel)</label>
          <input
            id={`file-${recordId}`}
            type="file"
            accept={ACCEPT}
            disabled={busy}
            onChange={(e) => void upload(e.target.files?.[0]).finally(() => (e.target.value = ''))}
          />
          <p className="muted">Up to 10 files, 20 MB each. Location and camera details are removed from photos.</p>
          {busy && <p role="status">Attaching…</p>}
        </div>
      )}
    </section>
  );
}

function AttachmentPreview({ item }: { item: AttachmentItem }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const image = item.contentType.startsWith('image/');
  useEffect(() => {
    if (!image) return;
    let made: string | null = null;
    objectUrlOf(item.id)
      .then((u) => setUrl((made = u)))
      .catch(() => setFailed(true));
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [item.id, image]);

  if (image)
    return failed ? (
      <p>The photo could not be shown.</p>
    ) : url ? (
      <img className="attachment-photo" src={url} alt={`Attached photo: ${item.fileName}`} />
    ) : (
      <p role="status">Loading photo…</p>
    );
  return (
    <button
      type="button"
      className="button-secondary"
      onClick={() =>
        void objectUrlOf(item.id)
          .then((u) => window.open(u, '_blank', 'noopener'))
          .catch(() => setFailed(true))
      }
    >
      Open {item.fileName}
      {failed ? ' (could not be opened)' : ''}
    </button>
  );
}
