import { ProblemException } from '#lib/core';

/**
 * Walking the whole history is heavy: per trust, one walk at a time and at most `perHour` in an
 * hour (in this process), so a script or an impatient refresh cannot take the database's time
 * from the schools.
 */
export class AuditThrottle {
  private readonly recent = new Map<string, number[]>();
  private readonly running = new Set<string>();

  constructor(
    private readonly what: string,
    private readonly perHour: number,
  ) {}

  async run<T>(trustId: string, work: () => Promise<T>, onRefused: (retryAfterSeconds: number) => void): Promise<T> {
    const now = Date.now();
    const times = (this.recent.get(trustId) ?? []).filter((t) => now - t < 3_600_000);
    if (this.running.has(trustId) || times.length >= this.perHour) {
      const seconds = this.running.has(trustId) ? 5 : Math.max(1, Math.ceil((times[0]! + 3_600_000 - now) / 1000));
      onRefused(seconds);
      throw new ProblemException({
        type: 'urn:problem:rate-limited',
        title: 'Too many requests',
        status: 429,
        detail: this.running.has(trustId)
          ? `A ${this.what} of your trust's history is running; try again in a few seconds`
          : `At most ${this.perHour} ${this.what}s of your trust's history an hour; try again in ${Math.ceil(seconds / 60)} minutes`,
      });
    }
    times.push(now);
    this.recent.set(trustId, times);
    this.running.add(trustId);
    try {
      return await work();
    } finally {
      this.running.delete(trustId);
    }
  }
}
