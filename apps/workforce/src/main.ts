import 'reflect-metadata';
import { runDeployable } from '#lib/platform';

/**
 * The workforce command service: decides and appends the commands for staff, training and cover, which the gateway
 * forwards here (commandRoutes, libs/platform). Its events reach Kafka through the relay, never from this process.
 */
void runDeployable({
  name: 'workforce',
  shape: { follow: false, tickMs: 0, bus: 'kafka', readModels: { readOnly: true } },
  // The gateway limits writes per client; here every request comes from the gateway's address.
  rateLimits: false,
});
