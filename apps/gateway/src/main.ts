import 'reflect-metadata';
import { forwardCommands } from '../../../libs/messaging/src/command-forwarding.js';
import { runDeployable } from '../../../libs/messaging/src/deployable.js';
import { loadGatewayConfig } from '../../../libs/messaging/src/messaging-config.js';

/**
 * The gateway: sign-in, tokens, every query (read models and event-folded views), and the web app.
 * Commands go on to the service that owns them (libs/messaging/src/command-forwarding.ts).
 */
void runDeployable({
  name: 'gateway',
  shape: { follow: false, tickMs: 0, bus: 'kafka', readModels: { readOnly: true, changes: 'listen' } },
  seeds: true,
  checkConfig: () => void loadGatewayConfig(),
  beforeRoutes: (app) => forwardCommands(app, loadGatewayConfig()),
});
