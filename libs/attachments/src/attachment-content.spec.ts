import sharp from 'sharp';
import { inspectContent, UnsupportedContent } from './attachment-content.js';

/** A JPEG that carries a GPS position in its EXIF, as a phone camera writes it. */
async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 200, g: 120, b: 90 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } })
    .toBuffer();
}

describe('inspectContent', () => {
  it('re-encodes a photo without its EXIF (GPS included)', async () => {
    const photo = await photoWithGps();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const stored = await inspectContent(photo);
    expect(stored.contentType).toBe('image/jpeg');
    const meta = await sharp(stored.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(stored.bytes.includes(Buffer.from('PhoneMaker'))).toBe(false);
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps a PDF byte for byte', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const stored = await inspectContent(pdf);
    expect(stored).toMatchObject({ contentType: 'application/pdf' });
    expect(stored.bytes.equals(pdf)).toBe(true);
  });

  it('refuses an executable whatever it is called, and bytes of no known type', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
    await expect(inspectContent(elf)).rejects.toBeInstanceOf(UnsupportedContent);
    const pe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
    await expect(inspectContent(pe)).rejects.toBeInstanceOf(UnsupportedContent);
    await expect(inspectContent(Buffer.from('just some words'))).rejects.toBeInstanceOf(UnsupportedContent);
  });

  it('refuses bytes that start like a JPEG but are not one', async () => {
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
    await expect(inspectContent(fake)).rejects.toBeInstanceOf(UnsupportedContent);
  });
});
