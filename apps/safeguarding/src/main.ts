import 'reflect-metadata';
import { runDeployable } from '#lib/platform';

/**
 * The safeguarding command service: decides and appends the commands for pupils, concerns and the DSL's alert actions, which the gateway
 * forwards here (commandRoutes, libs/platform). Its events reach Kafka through the relay, never from this process.
 */
void runDeployable({
  name: 'safeguarding',
  shape: { follow: false, tickMs: 0, bus: 'kafka', readModels: { readOnly: true } },
  // The gateway limits writes per client; here every request comes from the gateway's address.
  rateLimits: false,
});
