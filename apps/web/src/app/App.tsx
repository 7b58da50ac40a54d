import { Fragment, lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { InboxPage } from '../alerts/Inbox.js';
import { AuditHistoryPage, ReplayPage, VerifyPage } from '../audit/Audit.js';
import { ViewsPage } from '../audit/Views.js';
import { useSchools } from '../components/pickers.js';
import { Announcer, announce } from '../components/ui.js';
import { ConcernPage, ConcernSubmittedPage } from '../concerns/ConcernDetail.js';
import { AllegationsPage } from '../concerns/Allegations.js';
import { ConcernsPage } from '../concerns/Concerns.js';
import { TransfersPage } from '../cp-transfers/Transfers.js';
import { RaiseConcernPage } from '../concerns/RaiseConcern.js';
import { ImportPage } from '../imports/Import.js';
import { IncidentPage } from '../incidents/IncidentDetail.js';
import { IncidentsPage } from '../incidents/Incidents.js';
import { RecordIncidentPage } from '../incidents/RecordIncident.js';
import { ChronologyPage, ChronologyPickerPage } from '../pupils/Chronology.js';
import { PupilPage, PupilsPage } from '../pupils/Pupils.js';
import { api } from '../session/api.js';
import { SessionPrompts } from '../session/SessionPrompts.js';
import { SignInPage } from '../session/SignIn.js';
import { chooseSchool, clearSession, hasDrafts, isTrustUser, useSession } from '../session/session.js';
import { CoverLedgerPage } from '../workforce/CoverLedger.js';
import { RecordCoverPage } from '../workforce/RecordCover.js';
import { StaffPage, StaffRecordPage } from '../workforce/Staff.js';
import { TrainingMatrixPage } from '../workforce/TrainingMatrix.js';
import { TrainingReferencePage } from '../workforce/TrainingReference.js';
import { HomePage } from './Home.js';
import { href, match, navigate, useRoute } from './router.js';
import { NotificationSettingsPage } from '../notifications/NotificationSettings.js';
import { closedTo, screensFor } from './screens.js';
import { label, loadVocabulary, useVocabularyLoaded } from './vocabulary.js';

// Charts are the heaviest dependency and only auditors and leads open them: load on demand.
const TeamTeachPage = lazy(() => import('../audit/TeamTeach.js').then((m) => ({ default: m.TeamTeachPage })));
const RestrictiveInterventionsPage = lazy(() =>
  import('../reports/RestrictiveInterventions.js').then((m) => ({ default: m.RestrictiveInterventionsPage })),
);
const OverviewPage = lazy(() => import('../concerns/Overview.js').then((m) => ({ default: m.OverviewPage })));

type Render = (params: Record<string, string>, query: URLSearchParams) => ReactNode;

const ROUTES: [string, Render][] = [
  ['/', () => <HomePage />],
  ['/inbox', () => <InboxPage />],
  ['/overview', () => <OverviewPage />],
  ['/concerns', () => <ConcernsPage />],
  ['/allegations', () => <AllegationsPage />],
  ['/concerns/new', () => <RaiseConcernPage />],
  ['/concerns/:id', (p) => <ConcernPage id={p.id!} />],
  ['/concerns/:id/submitted', (p) => <ConcernSubmittedPage id={p.id!} />],
  ['/incidents', () => <IncidentsPage />],
  ['/incidents/new', () => <RecordIncidentPage />],
  ['/incidents/:id', (p) => <IncidentPage id={p.id!} />],
  ['/chronology', () => <ChronologyPickerPage />],
  ['/cp-transfers', () => <TransfersPage />],
  ['/pupils', () => <PupilsPage />],
  ['/pupils/:id', (p) => <PupilPage id={p.id!} />],
  ['/pupils/:id/chronology', (p, q) => <ChronologyPage pupilId={p.id!} query={q} />],
  ['/imports', () => <ImportPage />],
  ['/staff', () => <StaffPage />],
  ['/staff/:id', (p) => <StaffRecordPage id={p.id!} />],
  ['/training', (_p, q) => <TrainingMatrixPage status={q.get('status') ?? undefined} />],
  ['/training/reference', () => <TrainingReferencePage />],
  ['/cover', (_p, q) => <CoverLedgerPage week={q.get('week') ?? undefined} />],
  ['/cover/new', () => <RecordCoverPage />],
  ['/audits/team-teach', () => <TeamTeachPage />],
  ['/reports/restrictive-interventions', () => <RestrictiveInterventionsPage />],
  ['/audit/history', (_p, q) => <AuditHistoryPage query={q} />],
  ['/audit/views', (_p, q) => <ViewsPage subject={q.get('subject') ?? undefined} />],
  ['/audit/replay', () => <ReplayPage />],
  ['/audit/verify', () => <VerifyPage />],
  ['/settings/notifications', () => <NotificationSettingsPage />],
];

export function App() {
  const session = useSession();
  const route = useRoute();
  const wordsLoaded = useVocabularyLoaded();
  const [wordsFailed, setWordsFailed] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const token = session?.token;

  useEffect(() => {
    if (!token) return;
    setWordsFailed(false);
    loadVocabulary(token).catch(() => setWordsFailed(true));
  }, [token]);
  useEffect(() => setMenuOpen(false), [route.path]);

  if (!session || route.path === '/sign-in') {
    return (
      <Frame>
        <SignInPage next={route.query.get('next') ?? undefined} />
      </Frame>
    );
  }

  let page: ReactNode = <NotFound />;
  if (!wordsLoaded)
    page = wordsFailed ? (
      <div className="notice notice-error" role="alert">
        <p>The service could not be reached.</p>
        <button type="button" onClick={() => token && loadVocabulary(token).catch(() => setWordsFailed(true))}>
          Try again
        </button>
      </div>
    ) : (
      <p role="status">Loading…</p>
    );
  else if (closedTo(session.user, route.path)) page = <NotForYourRole />;
  else
    for (const [pattern, render] of ROUTES) {
      const params = match(pattern, route.path);
      if (params) {
        page = render(params, route.query);
        break;
      }
    }

  const items = wordsLoaded ? screensFor(session.user) : [];
  return (
    <Frame
      header={
        <>
          <div className="signed-in">
            <span className="who">
              {session.user.name}{' '}
              <span className="muted">({session.user.roles.map((r) => (wordsLoaded ? label('roles', r) : r)).join(', ')})</span>
            </span>
            {isTrustUser(session.user) && <SchoolChooser value={session.schoolId} />}
            <button type="button" className="button-secondary" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
          {items.length > 0 && (
            <nav aria-label="Main" className={menuOpen ? 'menu-open' : undefined}>
              <button
                type="button"
                className="menu-button button-secondary"
                aria-expanded={menuOpen}
                onClick={() => setMenuOpen((o) => !o)}
              >
                Menu
              </button>
              <ul className="nav">
                {items.map((item) => (
                  <li key={item.title}>
                    <a href={href(item.path)} aria-current={route.path === item.path ? 'page' : undefined}>
                      {item.title}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </>
      }
    >
      {/* A different school is a different set of records: remount so every page reloads. */}
      <Fragment key={session.schoolId ?? ''}>
        <Suspense fallback={<p role="status">Loading…</p>}>{page}</Suspense>
      </Fragment>
      <SessionPrompts />
    </Frame>
  );
}

/** Ends the token on the server where it can (POST /api/auth/logout), then forgets it here with any drafts. */
async function signOut(): Promise<void> {
  if (
    hasDrafts() &&
    !window.confirm('You have something not yet sent (a concern or an incident). Signing out deletes it. Sign out anyway?')
  )
    return;
  // A server without the route (404) or an already-ended token (401) still signs out here.
  await api.post('/auth/logout', {}, { noRecovery: true }).catch(() => undefined);
  clearSession();
  announce('You have signed out.');
  navigate('/sign-in');
}

function Frame({ header, children }: { header?: ReactNode; children: ReactNode }) {
  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          // The hash is the route, so the skip link moves focus itself.
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to main content
      </a>
      <header className="site-header">
        <a className="brand" href={href('/')}>
          Safeguarding
        </a>
        {header}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>Every view of a concern, incident or chronology is recorded. If a child is in immediate danger, call 999.</p>
      </footer>
      <Announcer />
    </>
  );
}

/** Trust-level users read one school at a time (`?schoolId=`); hidden when the server lists no schools. */
function SchoolChooser({ value }: { value: string | undefined }) {
  const schools = useSchools();
  if (schools.length === 0) return null;
  return (
    <span className="school-chooser">
      <label htmlFor="school-chooser">School</label>
      <select
        id="school-chooser"
        value={value ?? ''}
        onChange={(e) => {
          chooseSchool(e.target.value || undefined);
          announce(`Now showing ${schools.find((s) => s.id === e.target.value)?.name ?? 'the first school of the trust'}.`);
        }}
      >
        <option value="">First school of the trust</option>
        {schools.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </span>
  );
}

function NotForYourRole() {
  return (
    <>
      <h1>This page is not part of your role</h1>
      <p>
        <a href={href('/')}>Go to your start page</a> to see what you can do.
      </p>
    </>
  );
}

function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        <a href={href('/')}>Go to the start page</a>
      </p>
    </>
  );
}
