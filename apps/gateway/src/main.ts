import 'reflect-metadata';
import { forwardCommands, loadGatewayConfig } from '#lib/messaging';
import { commandRoutes, runDeployable } from '#lib/platform';

/**
 * The gateway: sign-in, tokens, every query (read models and event-folded views), and the web app.
 * Commands go on to the service that owns them (libs/messaging/src/command-forwarding.ts), by routes
 * derived from the controllers each service runs (libs/platform/src/command-routes.ts).
 */
void runDeployable({
  name: 'gateway',
  shape: { follow: false, tickMs: 0, bus: 'kafka', readModels: { readOnly: true, changes: 'listen' } },
  seeds: true,
  checkConfig: () => void loadGatewayConfig(),
  beforeRoutes: (app) => forwardCommands(app, loadGatewayConfig(), commandRoutes()),
});
