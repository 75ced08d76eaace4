import { expect } from 'chai';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { ApiClient } from '../../helpers/api-client.js';
import { post, startPostsWorld, statusAs, type PostsWorld } from './posts-world.js';

const MAX_BYTES = 64 * 1024;

async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 90 } } }).png().toBuffer();
}

type BodyParser = Parameters<ReturnType<ApiClient['get']>['parse']>[0];

/** superagent hands binary bodies back as a Buffer only through a parser like this one. */
const binary = ((res: NodeJS.ReadableStream, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}) as unknown as BodyParser;

async function upload(client: ApiClient, file: Buffer, name: string, contentType: string, description?: string) {
  const request = client.upload('/api/v2/media');
  if (description) request.field('description', description);
  return request.attach('file', file, { filename: name, contentType });
}

async function uploaded(client: ApiClient, file: Buffer, name: string, contentType: string): Promise<string> {
  const response = await upload(client, file, name, contentType);
  expect(response.status, JSON.stringify(response.body)).to.equal(200);
  return response.body.id as string;
}

describe('attachments', () => {
  let world: PostsWorld;
  before(async () => {
    world = await startPostsWorld({ WARBLE_MEDIA_MAX_BYTES: String(MAX_BYTES) });
  });
  after(() => world.close());

  it('an uploaded image gets its dimensions and a 400px WebP preview', async () => {
    const response = await upload(world.bob, await png(800, 600), 'chart.png', 'image/png', 'Sales by month');
    expect(response.status).to.equal(200);
    expect(response.body).to.include({ type: 'image', description: 'Sales by month' });
    expect(response.body.meta.original).to.deep.equal({ width: 800, height: 600 });
    expect(response.body.url).to.match(/\/media\/[0-9A-Z]{26}$/);
    expect(response.body.preview_url).to.equal(`${response.body.url}/preview`);

    const preview = await world.bob.get(new URL(response.body.preview_url).pathname).buffer(true).parse(binary).expect(200);
    expect(preview.headers['content-type']).to.equal('image/webp');
    const size = await sharp(preview.body as Buffer).metadata();
    expect([size.format, size.width, size.height]).to.deep.equal(['webp', 400, 300]);
  });

  it('strips EXIF (camera, GPS position) from a photo, keeping it upright', async () => {
    const photo = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#336699' } })
      .jpeg()
      .withExif({ IFD0: { Artist: 'Bob', Copyright: 'secret location' } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif, 'the fixture has EXIF').to.be.instanceOf(Buffer);
    const response = await upload(world.bob, photo, 'holiday.jpg', 'image/jpeg');
    expect(response.status).to.equal(200);
    expect(response.body.meta.original).to.deep.equal({ width: 20, height: 40 });
    const original = await world.bob.get(new URL(response.body.url).pathname).buffer(true).parse(binary).expect(200);
    const stored = await sharp(original.body as Buffer).metadata();
    expect(stored.exif).to.equal(undefined);
    expect([stored.format, stored.width, stored.height]).to.deep.equal(['jpeg', 20, 40]);
  });

  it('before it is attached only its owner can fetch it; afterwards whoever can see the post', async () => {
    const id = await uploaded(world.bob, await png(10, 10), 'dot.png', 'image/png');
    const original = await world.bob.get(`/media/${id}`).buffer(true).parse(binary).expect(200);
    expect(original.headers['content-type']).to.equal('image/png');
    expect(original.headers['x-content-type-options']).to.equal('nosniff');
    expect((await world.carol.get(`/media/${id}`)).status).to.equal(404);

    const status = await post(world.bob, { status: 'look @carol', media_ids: [id], visibility: 'direct' });
    expect(status.media_attachments.map((m) => m.id)).to.deep.equal([id]);
    expect((await world.carol.get(`/media/${id}`)).status).to.equal(200);
    expect((await world.dave.get(`/media/${id}`)).status).to.equal(404);
    expect((await world.dave.get(`/media/${id}/preview`)).status).to.equal(404);
  });

  it('an attachment of a deleted post is gone for everyone', async () => {
    const id = await uploaded(world.bob, await png(10, 10), 'dot.png', 'image/png');
    const status = await post(world.bob, { status: 'soon gone', media_ids: [id] });
    expect((await world.dave.get(`/media/${id}`)).status).to.equal(200);
    await world.bob.delete(`/api/v1/statuses/${status.id}`).expect(200);
    expect((await world.dave.get(`/media/${id}`)).status).to.equal(404);
    expect((await world.bob.get(`/media/${id}`)).status).to.equal(404);
  });

  it('a document downloads as an attachment with its name and type', async () => {
    const id = await uploaded(world.bob, Buffer.from('a,b\n1,2\n'), 'numbers Q3.csv', 'text/csv');
    await post(world.bob, { status: 'numbers', media_ids: [id] });
    const file = await world.carol.get(`/media/${id}`).expect(200);
    expect(file.headers['content-type']).to.match(/^text\/csv/);
    expect(file.headers['content-disposition']).to.match(/^attachment; filename="numbers Q3.csv"/);
    expect(file.headers['x-content-type-options']).to.equal('nosniff');
    expect((await world.carol.get(`/media/${id}/preview`)).status).to.equal(404);
  });

  it('refuses a type that is not allowed (422 naming file)', async () => {
    const response = await upload(world.bob, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'x.svg', 'image/svg+xml');
    expect(response.status).to.equal(422);
    expect(response.body).to.include({ code: 'E_MEDIA_TYPE_NOT_ALLOWED', field: 'file' });
  });

  it('refuses something that only claims to be an image (422 naming file)', async () => {
    const response = await upload(world.bob, Buffer.from('<html><script>alert(1)</script></html>'), 'x.png', 'image/png');
    expect(response.status).to.equal(422);
    expect(response.body).to.include({ code: 'E_MEDIA_INVALID', field: 'file' });
  });

  it('refuses a file over the configured size (413 naming file), and a request without a file (422)', async () => {
    const response = await upload(world.bob, Buffer.alloc(MAX_BYTES + 1, 'a'), 'big.txt', 'text/plain');
    expect(response.status).to.equal(413);
    expect(response.body).to.include({ code: 'E_MEDIA_TOO_LARGE', field: 'file' });
    const none = await world.bob.upload('/api/v2/media').field('description', 'nothing');
    expect(none.status).to.equal(422);
    expect(none.body.field).to.equal('file');
  });

  it("attaches only one's own unattached uploads, at most four (422 naming media_ids), and nothing is half-attached", async () => {
    const carols = await uploaded(world.carol, await png(4, 4), 'c.png', 'image/png');
    const mine = await uploaded(world.bob, await png(4, 4), 'b.png', 'image/png');
    const foreign = await world.bob.post('/api/v1/statuses', { status: 'steal', media_ids: [mine, carols] });
    expect(foreign.status).to.equal(422);
    expect(foreign.body.field).to.equal('media_ids');
    const { Attachment } = world.testApp.container.models;
    expect((await Attachment.findByPk(mine))!.postId).to.equal(null);

    await post(world.bob, { status: 'mine', media_ids: [mine] });
    const reused = await world.bob.post('/api/v1/statuses', { status: 'again', media_ids: [mine] });
    expect(reused.status).to.equal(422);
    const five = await Promise.all([1, 2, 3, 4, 5].map(async () => uploaded(world.bob, await png(2, 2), 'p.png', 'image/png')));
    const tooMany = await world.bob.post('/api/v1/statuses', { status: 'many', media_ids: five });
    expect(tooMany.status).to.equal(422);
    expect(tooMany.body.field).to.equal('media_ids');
  });

  it('a post of attachments alone needs no text, and its description can be changed by its owner only', async () => {
    const id = await uploaded(world.bob, await png(4, 4), 'only.png', 'image/png');
    const described = await world.bob.put(`/api/v1/media/${id}`, { description: 'A tiny square' }).expect(200);
    expect(described.body.description).to.equal('A tiny square');
    expect((await world.carol.put(`/api/v1/media/${id}`, { description: 'mine now' })).status).to.equal(404);
    const status = await post(world.bob, { status: '', media_ids: [id] });
    expect((await statusAs(world.dave, status.id)).media_attachments[0]?.id).to.equal(id);
  });

  it('leaves no temporary upload files behind', async () => {
    const temporary = await readdir(path.join(world.testApp.config.dataDir, 'tmp', 'uploads')).catch(() => []);
    expect(temporary).to.deep.equal([]);
  });
});
