import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { AlertsModule } from '#lib/alerts';
import { ConcernsModule } from '#lib/concerns';
import { CpTransfersModule } from '#lib/cp-transfers';
import { IncidentsModule } from '#lib/incidents';
import { MisImportModule } from '#lib/mis-import';
import type { CommandService } from '#lib/messaging';
import { PupilsModule } from '#lib/pupils';
import { WorkforceModule } from '#lib/workforce';

/** Which feature modules each command service decides the commands of (its deployable in apps/). */
export const COMMAND_SERVICE_MODULES: Readonly<Record<CommandService, readonly Type[]>> = {
  // The MIS import writes pupils and staff alike; it runs beside the pupils it mostly writes.
  safeguarding: [ConcernsModule, PupilsModule, AlertsModule, CpTransfersModule, MisImportModule],
  incidents: [IncidentsModule],
  workforce: [WorkforceModule],
};

const READS = new Set([RequestMethod.GET, RequestMethod.HEAD, RequestMethod.OPTIONS]);

const segments = (path: unknown) =>
  (Array.isArray(path) ? path : [path ?? '']).flatMap((p) => String(p).split('/')).filter((s) => s !== '');

/** Every write route (method and path, `:id` parameters kept) of a module's controllers. */
export function writeRoutesOf(module: Type): { method: string; path: string }[] {
  const controllers = (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module) ?? []) as Type[];
  return controllers.flatMap((controller) => {
    const base = segments(Reflect.getMetadata(PATH_METADATA, controller));
    return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) return [];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
      if (READS.has(method)) return [];
      return [{ method: RequestMethod[method], path: `/${[...base, ...segments(Reflect.getMetadata(PATH_METADATA, handler))].join('/')}` }];
    });
  });
}

/**
 * The gateway's command routes, derived from the controllers each service runs: the first path
 * segment of each write route names the service that decides it. Two services claiming one segment
 * is a mistake in the composition, refused here.
 */
export function commandRoutes(
  services: Readonly<Record<CommandService, readonly Type[]>> = COMMAND_SERVICE_MODULES,
): Record<string, CommandService> {
  const routes: Record<string, CommandService> = {};
  for (const [service, modules] of Object.entries(services) as [CommandService, readonly Type[]][]) {
    for (const route of modules.flatMap(writeRoutesOf)) {
      const first = route.path.split('/')[1]!;
      if (routes[first] && routes[first] !== service) throw new Error(`/api/${first} is claimed by ${routes[first]} and ${service}`);
      routes[first] = service;
    }
  }
  return routes;
}
