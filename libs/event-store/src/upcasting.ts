/** Turns an event stored under an old schema version into the current one, step by step. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: unknown): unknown;
}

export class UpcasterChain {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: Upcaster[] = []) {
    for (const u of upcasters) this.byKey.set(`${u.type}@${u.fromVersion}`, u);
  }

  apply(type: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
    let version = schemaVersion;
    let current = data;
    for (let step = this.byKey.get(`${type}@${version}`); step; step = this.byKey.get(`${type}@${version}`)) {
      current = step.upcast(current);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }
}
