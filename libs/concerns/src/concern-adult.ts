import type { CommandRunner } from '#lib/core';
import { staffDecider, staffStream } from '#lib/workforce';
import type { AdultSubject } from './domain/vocabulary.js';

export interface NamedAdult {
  staffId?: string;
  name: string;
  roleDescription?: string;
  jobRole?: string;
}

/** The adult a concern is about, by name, for those who may see the concern (its raiser named them). */
export async function adultOf(runner: CommandRunner, adult: AdultSubject | null): Promise<NamedAdult | null> {
  if (adult === null) return null;
  if (!adult.staffId) return { name: adult.name ?? '', ...(adult.roleDescription ? { roleDescription: adult.roleDescription } : {}) };
  const { state } = await runner.load(staffStream(adult.staffId), staffDecider);
  return { staffId: adult.staffId, name: state?.name ?? adult.name ?? '', ...(state ? { jobRole: state.jobRole } : {}) };
}
