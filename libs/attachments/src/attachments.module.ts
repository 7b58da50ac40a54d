import { Module, type OnModuleInit } from '@nestjs/common';
import type pg from 'pg';
import { ConcernsModule } from '#lib/concerns';
import { PG_POOL, PLATFORM_CONFIG, type PlatformConfig, Vocabulary } from '#lib/core';
import { SubjectKeys } from '#lib/privacy';
import { AttachmentStore, blobBackendOf } from './attachment-store.js';
import { AttachmentsController } from './attachments.controller.js';
import { ATTACHMENT_STORE, Attachments } from './attachments.service.js';
import { ATTACHMENT_EVENT_LABELS } from './domain/index.js';

/** Files on concerns and incidents: upload, list, download (its tables are migrated with the platform's, ATTACHMENT_MIGRATIONS). */
@Module({
  imports: [ConcernsModule],
  controllers: [AttachmentsController],
  providers: [
    Attachments,
    {
      provide: ATTACHMENT_STORE,
      useFactory: (config: PlatformConfig, pool: pg.Pool, keys: SubjectKeys) => new AttachmentStore(blobBackendOf(config, pool), keys),
      inject: [PLATFORM_CONFIG, PG_POOL, SubjectKeys],
    },
  ],
})
export class AttachmentsModule implements OnModuleInit {
  constructor(private readonly vocabulary: Vocabulary) {}

  onModuleInit(): void {
    this.vocabulary.add({ attachmentEvents: ATTACHMENT_EVENT_LABELS });
  }
}
