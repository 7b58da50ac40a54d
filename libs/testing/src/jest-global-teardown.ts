export default async function globalTeardown(): Promise<void> {
  // Several projects share the one server; the first teardown stops it, the others find nothing.
  const pg = globalThis.__EMBEDDED_PG__;
  globalThis.__EMBEDDED_PG__ = undefined;
  await pg?.stop();
}
