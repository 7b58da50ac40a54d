import { Controller, Get, Injectable, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';

/** A code's words for people: `physical_abuse` → "Physical abuse". */
export type Labels = Readonly<Record<string, string>>;

/** Sections whose words depend on the caller's trust (its training courses are reference data). */
export type TrustLabels = (trustId: string) => Promise<Labels>;

/**
 * The school's words for every code the API uses, gathered from the feature that owns each list,
 * so the web app and integrations never keep a copy. Each feature module adds its sections when
 * it starts; this module owns none of them.
 */
@Injectable()
export class Vocabulary {
  private readonly sections = new Map<string, Labels | TrustLabels>();

  add(sections: Record<string, Labels | TrustLabels>): void {
    for (const [name, labels] of Object.entries(sections)) {
      if (this.sections.has(name)) throw new Error(`vocabulary section ${name} added twice`);
      this.sections.set(name, labels);
    }
  }

  async forTrust(trustId: string): Promise<Record<string, Labels>> {
    const out: Record<string, Labels> = {};
    for (const [name, labels] of [...this.sections].sort(([a], [b]) => a.localeCompare(b))) {
      out[name] = typeof labels === 'function' ? await labels(trustId) : labels;
    }
    return out;
  }
}

@ApiTags('vocabulary')
@Controller('vocabulary')
export class VocabularyController {
  constructor(private readonly vocabulary: Vocabulary) {}

  /** Any signed-in user: labels are not personal data, but a trust's courses are its own. */
  @Get()
  @ApiBearerAuth()
  @ApiOkResponse({ description: '{ [section]: { [code]: label } } — e.g. concernCategories, alertKinds, jobRoles, courses' })
  words(@Req() req: { actor?: { trustId: string } }) {
    return this.vocabulary.forTrust(req.actor?.trustId ?? '');
  }
}
