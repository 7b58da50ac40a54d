import { Module, type OnModuleInit } from '@nestjs/common';
import { ChronologyModule } from '#lib/chronology';
import { ConcernsModule } from '#lib/concerns';
import { Vocabulary } from '#lib/core';
import { ReceivedFiles } from '#lib/read-models';
import { CpTransfersController, PupilLeavingController } from './cp-transfers.controller.js';
import { CpTransfers } from './cp-transfers.service.js';
import { CP_TRANSFER_EVENT_LABELS } from './domain/events.js';
import { PackageSigning } from './package-signing.js';

export const CP_TRANSFER_STATUS_LABELS = { awaiting_receipt: 'Awaiting receipt', received: 'Received' };

/** Child protection file transfers: a leaver's file to the new school, receipt, and the signed package. */
@Module({
  imports: [ConcernsModule, ChronologyModule],
  controllers: [PupilLeavingController, CpTransfersController],
  providers: [CpTransfers, PackageSigning],
})
export class CpTransfersModule implements OnModuleInit {
  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly receivedFiles: ReceivedFiles,
    private readonly transfers: CpTransfers,
  ) {}

  onModuleInit(): void {
    this.vocabulary.add({ cpTransferStatuses: CP_TRANSFER_STATUS_LABELS, cpTransferEvents: CP_TRANSFER_EVENT_LABELS });
    // The reads of a pupil's file (concerns, incidents, chronology) learn from here which files a school received.
    this.receivedFiles.provide((actor) => this.transfers.receivedBy(actor));
  }
}
