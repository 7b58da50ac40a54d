import { Controller, Get, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '#lib/auth';
import { type CommandContext, Ctx, ProblemException } from '#lib/core';
import type { Actor } from '#lib/kernel';
import { UnsupportedContent } from './attachment-content.js';
import { Attachments } from './attachments.service.js';
import { ATTACHMENT_CONTENT_TYPES, type AttachmentRecordType, MAX_ATTACHMENT_BYTES } from './domain/index.js';

interface UploadedPart {
  buffer: Buffer;
  originalname: string;
}

/** One file per request, in memory (at most 20 MB): multer answers 413 past the limit, before anything is stored. */
const oneFile = FileInterceptor('file', { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 0 } });

const CREATED =
  '{ id, sha256, contentType, size } — 413 over 20 MB, 415 for a type not allowed (read from the bytes), 422 past 10 per record';
const LISTED = '[{ id, sha256, contentType, size, fileName, addedBy, addedAt }] — for those who may read the record';

/** Inline for what a browser shows safely (images, PDF); office documents are downloaded. */
const INLINE = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/pdf']);

@ApiTags('attachments')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: Attachments) {}

  @Post('concerns/:id/attachments')
  @UseInterceptors(oneFile)
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ description: CREATED })
  addToConcern(@Param('id') id: string, @UploadedFile() file: UploadedPart | undefined, @Ctx() ctx: CommandContext) {
    return this.add('concern', id, file, ctx);
  }

  @Post('incidents/:id/attachments')
  @UseInterceptors(oneFile)
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ description: CREATED })
  addToIncident(@Param('id') id: string, @UploadedFile() file: UploadedPart | undefined, @Ctx() ctx: CommandContext) {
    return this.add('incident', id, file, ctx);
  }

  @Get('concerns/:id/attachments')
  @ApiOkResponse({ description: LISTED })
  listOfConcern(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.attachments.list('concern', id, actor);
  }

  @Get('incidents/:id/attachments')
  @ApiOkResponse({ description: LISTED })
  listOfIncident(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.attachments.list('incident', id, actor);
  }

  @Get('attachments/:id')
  @ApiOkResponse({
    description: 'The bytes, with their type; records a view of the record. 404 to whoever may not read the record, and after erasure',
  })
  async download(@Param('id') id: string, @Ctx() ctx: CommandContext, @Res() res: Response) {
    const { bytes, attachment } = await this.attachments.download(id, ctx);
    const disposition = INLINE.has(attachment.contentType) ? 'inline' : 'attachment';
    res.setHeader('Content-Type', attachment.contentType);
    res.setHeader('Content-Length', String(bytes.length));
    res.setHeader('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`);
    res.setHeader('Cache-Control', 'no-store');
    // Nothing in an attachment runs in the platform's origin, whatever it turns out to hold.
    res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
    res.setHeader('ETag', `"${attachment.sha256}"`);
    res.end(bytes);
  }

  private async add(recordType: AttachmentRecordType, id: string, file: UploadedPart | undefined, ctx: CommandContext) {
    try {
      return await this.attachments.add(recordType, id, file, ctx);
    } catch (err) {
      if (err instanceof UnsupportedContent)
        throw new ProblemException({
          type: 'urn:problem:unsupported-media-type',
          title: 'Unsupported media type',
          status: 415,
          detail: `${err.message}. Allowed: ${ATTACHMENT_CONTENT_TYPES.join(', ')}`,
        });
      throw err;
    }
  }
}
