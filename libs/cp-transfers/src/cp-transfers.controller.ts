import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Accounts, CurrentActor, Public, RequiresRecentMfa, Roles, schoolInScope } from '#lib/auth';
import { type CommandContext, Ctx, forbidden } from '#lib/core';
import { type Actor, hasRole } from '#lib/kernel';
import { LeavingDto, ReceiptDto, TransferListQuery } from './cp-transfer.dto.js';
import { CpTransfers } from './cp-transfers.service.js';

const LEADS = ['dsl', 'deputy_dsl', 'headteacher'] as const;

/** A pupil leaves: their child protection file starts on its way to the new school. */
@ApiTags('cp-transfers')
@ApiBearerAuth()
@Controller('pupils')
export class PupilLeavingController {
  constructor(private readonly transfers: CpTransfers) {}

  @Post(':id/leaving')
  @Roles('dsl', 'headteacher')
  @ApiCreatedResponse({
    description:
      '{ transferId }: the child protection file is due at the new school within 5 school days of leftOn (alert cp_transfer_due on the 6th). ' +
      'destination.schoolId: a school on the platform, of any trust',
  })
  leaving(@Param('id') id: string, @Body() body: LeavingDto, @Ctx() ctx: CommandContext) {
    return this.transfers.start(id, body, ctx);
  }
}

@ApiTags('cp-transfers')
@ApiBearerAuth()
@Controller('cp-transfers')
export class CpTransfersController {
  constructor(
    private readonly transfers: CpTransfers,
    private readonly accounts: Accounts,
  ) {}

  @Get()
  @Roles(...LEADS, 'trust_auditor')
  @ApiOkResponse({
    description:
      '[{ id, pupilId, pupil: { id, name }, from: { schoolId, name }, to: { schoolId, name, urn }, leftOn, dueOn, status, receivedAt? }], newest first. ' +
      'outgoing: the files the school sent; incoming: the files sent to it by schools on the platform',
  })
  async list(@Query() query: TransferListQuery, @CurrentActor() actor: Actor) {
    if (actor.schoolId === null && !hasRole(actor, 'trust_auditor')) throw forbidden('Only trust auditors read transfers at trust level');
    return this.transfers.list(actor, query.direction, await schoolInScope(actor, query.schoolId, this.accounts));
  }

  /** Where a file can go on the platform: every school but the caller's, of any trust (a pupil may move between trusts). */
  @Get('destinations')
  @Roles('dsl', 'headteacher')
  @ApiOkResponse({ description: '[{ schoolId, name }]: the schools on the platform a pupil of the caller’s school can move to' })
  async destinations(@CurrentActor() actor: Actor) {
    return (await this.accounts.allSchools()).filter((s) => s.id !== actor.schoolId).map((s) => ({ schoolId: s.id, name: s.name }));
  }

  /** The platform's public key: a school elsewhere checks a package's signature with it. */
  @Get('signing-key')
  @Public()
  @ApiOkResponse({ description: '{ algorithm: "Ed25519", publicKeyPem }' })
  signingKey() {
    return this.transfers.publicKey();
  }

  @Post(':id/receipt')
  @Roles(...LEADS)
  @HttpCode(200)
  @ApiOkResponse({
    description:
      '{ id, version }. On the platform the receiving school’s DSL confirms (no body); elsewhere the sender records { receivedBy, receivedAt }',
  })
  receipt(@Param('id') id: string, @Body() body: ReceiptDto, @Ctx() ctx: CommandContext) {
    return this.transfers.receipt(id, body, ctx);
  }

  /**
   * The whole file as a signed PDF for a school elsewhere. The whole file of a child: a second
   * factor given within the last 15 minutes is required (step-up), as for a chronology. Recorded.
   */
  @Get(':id/package')
  @Roles(...LEADS)
  @RequiresRecentMfa()
  @ApiProduces('application/pdf')
  @ApiOkResponse({
    description:
      'application/pdf: the chronology, concerns about the pupil with decisions, actions and referrals, and restraint records; ' +
      'the file’s canonical JSON attached (child-protection-file.json), its SHA-256 in the document information (CpContentHash, also the X-Content-Hash header) ' +
      'and an Ed25519 signature (CpSignature) over every other byte; public key at GET /api/cp-transfers/signing-key',
  })
  async package(@Param('id') id: string, @Ctx() ctx: CommandContext, @Res() res: Response) {
    const { pdf, contentHash } = await this.transfers.package(id, ctx);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="child-protection-file-${id}.pdf"`);
    res.setHeader('X-Content-Hash', `sha256:${contentHash}`);
    res.setHeader('Cache-Control', 'no-store');
    res.end(pdf);
  }
}
