import { Fragment, lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { whenSignedOut } from '../session/api.js';
import { useSchools } from '../components/pickers.js';
import { Announcer, announce } from '../components/ui.js';
import { AuditHistoryPage, ReplayPage, VerifyPage } from '../audit/Audit.js';
import { ChronologyPage, ChronologyPickerPage } from '../pupils/Chronology.js';
import { ConcernPage, ConcernSubmittedPage } from '../concerns/ConcernDetail.js';
import { ConcernsPage } from '../concerns/Concerns.js';
import { CoverLedgerPage } from '../workforce/CoverLedger.js';
import { HomePage } from './Home.js';
import { InboxPage } from '../alerts/Inbox.js';
import { IncidentPage } from '../incidents/IncidentDetail.js';
import { RaiseConcernPage } from '../concerns/RaiseConcern.js';
import { RecordIncidentPage } from '../incidents/RecordIncident.js';
import { SignInPage } from '../session/SignIn.js';
import { TrainingMatrixPage } from '../workforce/TrainingMatrix.js';
import { href, match, navigate, useRoute } from './router.js';
import {
  canAudit,
  chooseSchool,
  clearSession,
  isSafeguardingLead,
  isSchoolStaff,
  isTrustUser,
  useSession,
  type User,
} from '../session/session.js';
import { label, loadVocabulary, useVocabularyLoaded } from './vocabulary.js';

// Charts are the heaviest dependency and only auditors and DSLs open them: load on demand.
const TeamTeachPage = lazy(() => import('../audit/TeamTeach.js').then((m) => ({ default: m.TeamTeachPage })));

interface NavItem {
  to: string;
  label: string;
  show: (user: User) => boolean;
}

const NAV: NavItem[] = [
  { to: '/inbox', label: 'Alerts inbox', show: isSafeguardingLead },
  { to: '/concerns/new', label: 'Raise a concern', show: isSchoolStaff },
  { to: '/concerns', label: 'Concerns', show: isSafeguardingLead },
  { to: '/concerns', label: 'My concerns', show: (u) => isSchoolStaff(u) && !isSafeguardingLead(u) },
  { to: '/incidents/new', label: 'Record a restraint', show: isSchoolStaff },
  { to: '/chronology', label: 'Pupil chronology', show: (u) => isSafeguardingLead(u) || isTrustUser(u) },
  { to: '/training', label: 'Training matrix', show: (u) => isSafeguardingLead(u) || isTrustUser(u) },
  { to: '/cover', label: 'Cover ledger', show: (u) => isSafeguardingLead(u) || isTrustUser(u) },
  { to: '/audits/team-teach', label: 'Team Teach compliance', show: canAudit },
  { to: '/audit/history', label: 'History', show: canAudit },
  { to: '/audit/replay', label: 'Replay as of', show: canAudit },
  { to: '/audit/verify', label: 'Verify history', show: canAudit },
];

type Render = (params: Record<string, string>, query: URLSearchParams) => ReactNode;

const ROUTES: [string, Render][] = [
  ['/', () => <HomePage />],
  ['/inbox', () => <InboxPage />],
  ['/concerns', () => <ConcernsPage />],
  ['/concerns/new', () => <RaiseConcernPage />],
  ['/concerns/:id', (p) => <ConcernPage id={p.id!} />],
  ['/concerns/:id/submitted', (p) => <ConcernSubmittedPage id={p.id!} />],
  ['/incidents/new', () => <RecordIncidentPage />],
  ['/incidents/:id', (p) => <IncidentPage id={p.id!} />],
  ['/chronology', () => <ChronologyPickerPage />],
  ['/pupils/:id/chronology', (p) => <ChronologyPage pupilId={p.id!} />],
  ['/training', () => <TrainingMatrixPage />],
  ['/cover', (_p, q) => <CoverLedgerPage week={q.get('week') ?? undefined} />],
  ['/audits/team-teach', () => <TeamTeachPage />],
  ['/audit/history', () => <AuditHistoryPage />],
  ['/audit/replay', () => <ReplayPage />],
  ['/audit/verify', () => <VerifyPage />],
];

export function App() {
  const session = useSession();
  const route = useRoute();

  useEffect(() => {
    whenSignedOut(() => {
      announce('Your session has ended. Please sign in again.');
      navigate(`/sign-in?next=${encodeURIComponent(window.location.hash.slice(1))}`);
    });
  }, []);

  const wordsLoaded = useVocabularyLoaded();
  const [wordsFailed, setWordsFailed] = useState(false);
  const token = session?.token;
  useEffect(() => {
    if (!token) return;
    setWordsFailed(false);
    loadVocabulary(token).catch(() => setWordsFailed(true));
  }, [token]);

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
  else
    for (const [pattern, render] of ROUTES) {
      const params = match(pattern, route.path);
      if (params) {
        page = render(params, route.query);
        break;
      }
    }

  const items = NAV.filter((item) => item.show(session.user));
  return (
    <Frame
      header={
        <>
          <div className="signed-in">
            <span>
              {session.user.name} <span className="muted">({session.user.roles.map((r) => label('roles', r)).join(', ')})</span>
            </span>
            {isTrustUser(session.user) && <SchoolChooser value={session.schoolId} />}
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                clearSession();
                navigate('/sign-in');
              }}
            >
              Sign out
            </button>
          </div>
          <nav aria-label="Main">
            <ul className="nav">
              {items.map((item) => (
                <li key={item.label}>
                  <a href={href(item.to)} aria-current={route.path === item.to ? 'page' : undefined}>
                    {item.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </>
      }
    >
      {/* A different school is a different set of records: remount so every page reloads. */}
      <Fragment key={session.schoolId ?? ''}>
        <Suspense fallback={<p role="status">Loading…</p>}>{page}</Suspense>
      </Fragment>
    </Frame>
  );
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
