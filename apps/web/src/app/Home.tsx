import { Page } from '../components/ui.js';
import { useSession } from '../session/session.js';
import { href } from './router.js';
import { screensFor } from './screens.js';

/** A role's home: a card for each screen that role can use, and nothing else. */
export function HomePage() {
  const user = useSession()?.user;
  if (!user) return null;
  const screens = screensFor(user);
  return (
    <Page title={`Hello, ${user.name}`}>
      {screens.length === 0 ? (
        <p data-testid="no-screens">Nothing needs you at the moment. Records that are for you will appear here.</p>
      ) : (
        <ul className="cards" aria-label="What you can do">
          {screens.map((s) => (
            <li key={s.title} className="card">
              <h2>
                <a href={href(s.path)}>{s.title}</a>
              </h2>
              <p>{s.description}</p>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
