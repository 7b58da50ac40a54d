import { Page } from '../components/ui.js';
import { href } from './router.js';
import { canAudit, isSafeguardingLead, isSchoolStaff, isTrustUser, useSession } from '../session/session.js';

export function HomePage() {
  const user = useSession()?.user;
  if (!user) return null;
  const links: [string, string, string][] = [];
  if (isSchoolStaff(user)) {
    links.push(['/concerns/new', 'Raise a safeguarding concern', 'Tell the DSL what you saw or heard. It takes about a minute.']);
    links.push(['/incidents/new', 'Record a restraint', 'The statutory record of a physical intervention, step by step.']);
    links.push(['/concerns', isSafeguardingLead(user) ? 'Concerns' : 'My concerns', 'What happened to the concerns raised.']);
  }
  if (isSafeguardingLead(user)) links.unshift(['/inbox', 'Alerts inbox', 'New concerns, escalations and compliance alerts, live.']);
  if (isSafeguardingLead(user) || isTrustUser(user)) {
    links.push(['/chronology', 'Pupil chronology', 'Everything recorded about one pupil, in order.']);
    links.push(['/training', 'Training matrix', 'Who is trained, and whose training is due or expired.']);
    links.push(['/cover', 'Cover ledger', "Cover minutes against each assistant's 20% cap."]);
  }
  if (canAudit(user)) {
    links.push(['/audits/team-teach', 'Team Teach compliance', 'Incidents checked against the Team Teach requirements.']);
    links.push(['/audit/history', 'History', 'The raw record of every event.']);
    links.push(['/audit/replay', 'Replay as of a date', 'Any report as it stood at a past moment.']);
    links.push(['/audit/verify', 'Verify history', 'Check that nothing was altered behind the application’s back.']);
  }
  return (
    <Page title={`Hello, ${user.name}`}>
      <ul className="cards">
        {links.map(([to, title, text]) => (
          <li key={to} className="card">
            <h2>
              <a href={href(to)}>{title}</a>
            </h2>
            <p>{text}</p>
          </li>
        ))}
      </ul>
    </Page>
  );
}
