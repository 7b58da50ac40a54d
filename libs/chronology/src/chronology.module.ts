import { Module, type OnModuleInit } from '@nestjs/common';
import { Vocabulary } from '#lib/core';
import { CHRONOLOGY_KIND_LABELS } from './chronology-entry.js';
import { ChronologyController } from './chronology.controller.js';
import { ChronologyService } from './chronology.service.js';

/** Each pupil's chronology: concerns, incidents, actions and decisions about them, in order. */
@Module({
  controllers: [ChronologyController],
  providers: [ChronologyService],
  exports: [ChronologyService],
})
export class ChronologyModule implements OnModuleInit {
  constructor(private readonly vocabulary: Vocabulary) {}

  onModuleInit(): void {
    this.vocabulary.add({ chronologyKinds: CHRONOLOGY_KIND_LABELS });
  }
}
