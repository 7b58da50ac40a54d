import { commandRoutes, COMMAND_SERVICE_MODULES, writeRoutesOf } from './command-routes.js';
import { commandServiceFor } from '#lib/messaging';

/**
 * The gateway forwards every write route of the controllers each command service runs to that
 * service (cover included: its controller's path is `cover-assignments`), and nothing else.
 */
describe('command routes derived from the controllers', () => {
  const routes = commandRoutes();

  it('send every write route of each service to that service', () => {
    const checked: string[] = [];
    for (const [service, modules] of Object.entries(COMMAND_SERVICE_MODULES)) {
      for (const route of modules.flatMap(writeRoutesOf)) {
        const url = `/api${route.path.replace(/:[^/]+/g, '00000000-0000-4000-8000-000000000000')}`;
        expect({ route: `${route.method} ${route.path}`, service: commandServiceFor(routes, route.method, url) }).toEqual({
          route: `${route.method} ${route.path}`,
          service,
        });
        checked.push(`${route.method} ${route.path}`);
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining(['POST /cover-assignments', 'POST /cover-assignments/:id/cancel', 'POST /concerns', 'POST /incidents']),
    );
  });

  it('leave reads and the gateway’s own routes to the gateway', () => {
    expect(routes['cover-assignments']).toBe('workforce');
    expect(routes.cover).toBeUndefined();
    expect(commandServiceFor(routes, 'GET', '/api/concerns')).toBeNull();
    expect(commandServiceFor(routes, 'POST', '/api/auth/login')).toBeNull();
  });
});
