import { expect } from 'chai';
import sharp from 'sharp';
import { DirectoryUserUpsert } from '../../../server/services/directory-user-upsert.js';
import type { DirectoryPerson } from '../../../server/auth/ldap/directory-types.js';
import { ApiClient } from '../../helpers/api-client.js';
import { ADMIN, MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { WebClient, csrfTokenIn } from '../../helpers/web-client.js';

const DIRECTORY_PERSON = { username: 'dora', displayName: 'Dora Directory', password: 'doras secret words' };

/** A 400×300 PNG: red left of x=200, blue from x=200 on. */
async function twoColourPicture(): Promise<Buffer> {
  const half = (r: number, b: number) => ({ create: { width: 200, height: 300, channels: 3 as const, background: { r, g: 0, b } } });
  const blue = await sharp(half(0, 255)).png().toBuffer();
  return sharp(half(255, 0)).extend({ right: 200, background: { r: 0, g: 0, b: 255 } }).composite([{ input: blue, left: 200, top: 0 }]).png().toBuffer();
}

/** Settings › Profile: people edit what is theirs to edit; what the directory owns is locked and refused. */
describe('profile editing', function () {
  this.timeout(60_000);
  let testApp: TestApp;
  let bob: WebClient;
  let dora: WebClient;

  const userNamed = async (username: string) => (await testApp.container.users.findByUsername(username))!;
  const saveProfile = async (client: WebClient, fields: Record<string, string>) => client.submit('/settings/profile', '/settings/profile', fields);
  const uploadPhoto = async (client: WebClient, picture: Buffer, crop: Record<string, string> = {}, type = 'image/png') => {
    const page = await client.get('/settings/profile');
    const request = client.agent.post('/settings/profile/photo').set('Accept', 'text/html').field('_csrf', csrfTokenIn(page.text));
    for (const [name, value] of Object.entries(crop)) request.field(name, value);
    return request.attach('photo', picture, { filename: 'me.png', contentType: type });
  };
  const auditFor = async (userId: string) =>
    testApp.container.models.AuditEvent.findAll({ where: { action: 'profile.updated', targetId: userId }, order: [['createdAt', 'ASC']] });

  before(async () => {
    testApp = await startTestApp();
    await seedPeople(testApp);
    await testApp.container.localUsers.create(DIRECTORY_PERSON);
    bob = new WebClient(testApp);
    expect((await bob.signIn(MEMBER.username, MEMBER.password)).status).to.equal(302);
    dora = new WebClient(testApp);
    expect((await dora.signIn(DIRECTORY_PERSON.username, DIRECTORY_PERSON.password)).status).to.equal(302);
    // Dora's account now comes from the company directory, as directory sync would have made it.
    await testApp.container.models.User.update(
      { source: 'ldap', title: 'Engineer', department: 'R&D', phone: '+33 1 23 45 67 89' },
      { where: { username: DIRECTORY_PERSON.username } },
    );
  });
  after(() => testApp?.close());

  it('a local account edits every field; the profile page shows them and the audit names the fields, not the values', async () => {
    const page = await bob.get('/settings/profile').expect(200);
    expect(page.text).to.include('<label for="pronouns">Pronouns</label>');
    expect(page.text).not.to.include('data-testid="locked-');
    const saved = await saveProfile(bob, {
      displayName: 'Bob B.',
      pronouns: 'he/him',
      title: 'Site lead',
      department: 'Construction',
      phone: '+1 (555) 010-2030 ext. 12',
      location: 'Lyon, building C',
      bio: 'Builds things.\nFixes others.',
    });
    expect(saved.status).to.equal(302);
    expect(saved.headers.location).to.equal('/settings/profile?saved=1');
    const stored = await userNamed(MEMBER.username);
    expect(stored).to.deep.include({
      displayName: 'Bob B.',
      pronouns: 'he/him',
      title: 'Site lead',
      department: 'Construction',
      phone: '+1 (555) 010-2030 ext. 12',
      location: 'Lyon, building C',
      bio: 'Builds things.\nFixes others.',
    });
    const profile = await bob.get('/@bob').expect(200);
    expect(profile.text).to.include('<span class="pronouns" data-testid="pronouns">he/him</span>');
    expect(profile.text).to.include('<dd>Lyon, building C</dd>');
    expect(profile.text).to.include('<p class="profile-bio">Builds things.\nFixes others.</p>');
    expect(profile.text).to.include('href="/settings/profile"');

    const [entry] = await auditFor(stored.id);
    expect(entry!.actorId).to.equal(stored.id);
    const detail = JSON.parse(entry!.detail) as { fields: string[] };
    expect(detail.fields).to.have.members(['displayName', 'pronouns', 'title', 'department', 'phone', 'location', 'bio']);
    expect(entry!.detail).not.to.include('555');

    // Saving the same values again changes nothing and records nothing.
    await saveProfile(bob, { pronouns: 'he/him', phone: '+1 (555) 010-2030 ext. 12' });
    expect(await auditFor(stored.id)).to.have.length(1);
    // An emptied field is cleared.
    expect((await saveProfile(bob, { location: '  ' })).status).to.equal(302);
    expect((await userNamed(MEMBER.username)).location).to.equal(null);
  });

  it('bad input is refused with the status and a message beside the field it names, keeping what was typed', async () => {
    const badPhone = await saveProfile(bob, { phone: 'call me maybe', pronouns: 'they/them' });
    expect(badPhone.status).to.equal(422);
    expect(badPhone.text).to.include('<p class="field-error" id="phone-error" role="alert">Enter a phone number of at most 100 characters');
    expect(badPhone.text).to.match(/<input id="phone" name="phone" value="call me maybe"[^>]*aria-invalid="true"/);
    expect((await userNamed(MEMBER.username)).pronouns).to.equal('he/him'); // nothing of a refused form is saved

    const longPronouns = await saveProfile(bob, { pronouns: 'x'.repeat(41) });
    expect(longPronouns.status).to.equal(422);
    expect(longPronouns.text).to.include('id="pronouns-error"');
    const emptyName = await saveProfile(bob, { displayName: ' ' });
    expect(emptyName.status).to.equal(422);
    expect(emptyName.text).to.include('id="displayName-error"');
    const twoLines = await saveProfile(bob, { title: 'a\nb' });
    expect(twoLines.status).to.equal(422);
    expect(twoLines.text).to.include('id="title-error"');
    const longBio = await saveProfile(bob, { bio: 'b'.repeat(501) });
    expect(longBio.status).to.equal(422);
    expect(longBio.text).to.include('id="bio-error"');

    const french = new WebClient(testApp, 'fr');
    await french.signIn(MEMBER.username, MEMBER.password);
    const frenchRefusal = await saveProfile(french, { phone: 'appelez-moi' });
    expect(frenchRefusal.status).to.equal(422);
    expect(frenchRefusal.text).to.include('Saisissez un numéro de téléphone');
  });

  it('the bio and other fields are rendered escaped', async () => {
    await saveProfile(bob, { bio: '<script>alert(1)</script> & "quotes"', location: '<b>Lyon</b>' });
    const profile = await bob.get('/@bob').expect(200);
    expect(profile.text).not.to.include('<script>alert(1)</script>');
    expect(profile.text).to.include('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(profile.text).to.include('<dd>&lt;b&gt;Lyon&lt;/b&gt;</dd>');
    const page = await bob.get('/settings/profile').expect(200);
    expect(page.text).to.include('>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</textarea>');
  });

  it('a directory account sees the directory fields locked, and a tampered form cannot change them', async () => {
    const page = await dora.get('/settings/profile').expect(200);
    for (const field of ['displayName', 'title', 'department', 'phone']) {
      expect(page.text).to.include(`data-testid="locked-${field}"`);
      expect(page.text).not.to.include(`name="${field}"`);
    }
    expect(page.text).to.include('From the company directory');
    expect(page.text).to.include('name="pronouns"');
    const french = await dora.agent.get('/settings/profile').set('Accept', 'text/html').set('Accept-Language', 'fr').expect(200);
    expect(french.text).to.include('Issu de l’annuaire de l’entreprise');

    const dorasId = (await userNamed(DIRECTORY_PERSON.username)).id;
    const tampered = await saveProfile(dora, { title: 'Chief Everything', pronouns: 'she/her' });
    expect(tampered.status).to.equal(422);
    expect(tampered.text).to.include('id="title-error"');
    const stored = await userNamed(DIRECTORY_PERSON.username);
    expect(stored).to.deep.include({ title: 'Engineer', pronouns: null });
    expect(await auditFor(dorasId)).to.have.length(0);

    // The same value as the directory's is no change, and her own fields save.
    expect((await saveProfile(dora, { title: 'Engineer', pronouns: 'she/her', location: 'Paris' })).status).to.equal(302);
    expect(await userNamed(DIRECTORY_PERSON.username)).to.deep.include({ title: 'Engineer', pronouns: 'she/her', location: 'Paris' });

  });

  it('the browser crop box gives a square of exactly that part of the picture; without one, the centred square', async () => {
    const picture = await twoColourPicture();
    const cropped = await uploadPhoto(bob, picture, { cropX: '250', cropY: '40', cropSize: '120' });
    expect(cropped.status).to.equal(302);
    const user = await userNamed(MEMBER.username);
    expect(user.photoSource).to.equal('upload');
    const photo = await bob.get(`/avatars/${user.id}`).expect(200);
    expect(photo.headers['content-type']).to.equal('image/jpeg');
    const { data, info } = await sharp(photo.body as Buffer).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).to.deep.equal([120, 120]);
    // Every corner is blue: the box lay wholly in the blue half.
    for (const [x, y] of [[0, 0], [119, 0], [0, 119], [119, 119]] as const) {
      const at = (y * info.width + x) * info.channels;
      expect(data[at]!, `red at ${x},${y}`).to.be.below(30);
      expect(data[at + 2]!, `blue at ${x},${y}`).to.be.above(220);
    }

    expect((await uploadPhoto(bob, picture)).status).to.equal(302);
    const centred = await sharp((await bob.get(`/avatars/${user.id}`).expect(200)).body as Buffer).raw().toBuffer({ resolveWithObject: true });
    expect([centred.info.width, centred.info.height]).to.deep.equal([300, 300]);
    const left = centred.data[(150 * 300 + 5) * centred.info.channels]!;
    const right = centred.data[(150 * 300 + 294) * centred.info.channels + 2]!;
    expect(left, 'red on the left').to.be.above(220);
    expect(right, 'blue on the right').to.be.above(220);

    const audit = JSON.parse((await auditFor(user.id)).at(-1)!.detail) as { fields: string[] };
    expect(audit.fields).to.deep.equal(['photo']);
  });

  it('refuses pictures outside the limits with a clear 4xx naming the field', async () => {
    const picture = await twoColourPicture();
    const outside = await uploadPhoto(bob, picture, { cropX: '300', cropY: '0', cropSize: '200' });
    expect(outside.status).to.equal(422);
    expect(outside.text).to.include('id="photo-error"');
    expect(outside.text).to.include('The crop box must lie inside the picture');
    const notNumbers = await uploadPhoto(bob, picture, { cropX: 'left', cropY: '0', cropSize: '10' });
    expect(notNumbers.status).to.equal(422);

    const text = await uploadPhoto(bob, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), {}, 'image/svg+xml');
    expect(text.status).to.equal(415);
    expect(text.text).to.include('This file is not a JPEG, PNG, GIF or WebP picture.');

    const huge = await uploadPhoto(bob, Buffer.concat([picture, Buffer.alloc(8 * 1024 * 1024)]));
    expect(huge.status).to.equal(413);
    expect(huge.text).to.include('The picture is too large');

    // Without the form's token the upload is refused before anything is stored.
    const before = (await userNamed(MEMBER.username)).photoEtag;
    await bob.agent.post('/settings/profile/photo').attach('photo', picture, { filename: 'me.png', contentType: 'image/png' }).expect(403);
    expect((await userNamed(MEMBER.username)).photoEtag).to.equal(before);
  });

  it('removes the photo: the avatar is the initials placeholder again', async () => {
    const user = await userNamed(MEMBER.username);
    expect(user.photoEtag).to.be.a('string');
    const removed = await bob.submit('/settings/profile', '/settings/profile/photo/remove', {});
    expect(removed.status).to.equal(302);
    const after = await userNamed(MEMBER.username);
    expect([after.photoEtag, after.photoSource]).to.deep.equal([null, null]);
    const avatar = await bob.get(`/avatars/${user.id}`).expect(200);
    expect(avatar.headers['content-type']).to.include('image/svg+xml');
  });

  it('the directory owns the photo only while it provides one; an uploaded photo survives a sync without one', async () => {
    const upsert = new DirectoryUserUpsert(testApp.container.users, testApp.container.photos);
    const person = (photo?: Buffer): DirectoryPerson => ({
      dn: 'uid=dora,ou=people,dc=example,dc=com',
      username: DIRECTORY_PERSON.username,
      displayName: DIRECTORY_PERSON.displayName,
      mail: 'dora@example.com',
      title: 'Engineer',
      department: 'R&D',
      phone: '+33 1 23 45 67 89',
      manager: '',
      managerDn: '',
      ...(photo ? { photo } : {}),
    });
    const sync = (photo?: Buffer) => testApp.container.sequelize.transaction((transaction) => upsert.apply(person(photo), { isAdmin: null }, transaction));

    // No directory photo: she uploads her own, and the next sync keeps it.
    expect((await uploadPhoto(dora, await twoColourPicture())).status).to.equal(302);
    await sync();
    expect((await userNamed(DIRECTORY_PERSON.username)).photoSource).to.equal('upload');
    expect((await dora.get('/settings/profile')).text).not.to.include('data-testid="photo-locked"');

    // The directory now has one: it replaces hers, and the photo is locked.
    const directoryPhoto = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#00ff00' } }).jpeg().toBuffer();
    await sync(directoryPhoto);
    expect((await userNamed(DIRECTORY_PERSON.username)).photoSource).to.equal('directory');
    const page = await dora.get('/settings/profile').expect(200);
    expect(page.text).to.include('data-testid="photo-locked"');
    expect(page.text).not.to.include('action="/settings/profile/photo"');
    const refused = await uploadPhoto(dora, await twoColourPicture());
    expect(refused.status).to.equal(422);
    expect(refused.text).to.include('From the company directory');
    const removal = await dora.submit('/settings/profile', '/settings/profile/photo/remove', {});
    expect(removal.status).to.equal(422);
    expect((await userNamed(DIRECTORY_PERSON.username)).photoEtag).to.be.a('string');
  });

  it('update_credentials follows the same rules: note is the bio, owned fields and bad values are 422 naming the API field', async () => {
    const api = await ApiClient.signIn(testApp, ADMIN.username, ADMIN.password);
    const saved = await api.patch('/api/v1/accounts/update_credentials', { note: 'I like trains', pronouns: 'she/her', location: 'Nantes' });
    expect(saved.status).to.equal(200);
    expect(saved.body.note).to.equal('<p>I like trains</p>');
    expect(saved.body.source.note).to.equal('I like trains');
    expect(saved.body.warble).to.include({ pronouns: 'she/her', location: 'Nantes' });
    const badPhone = await api.patch('/api/v1/accounts/update_credentials', { phone: 'nope' });
    expect(badPhone.status).to.equal(422);
    expect(badPhone.body.field).to.equal('phone');
    const longNote = await api.patch('/api/v1/accounts/update_credentials', { note: 'n'.repeat(501) });
    expect(longNote.status).to.equal(422);
    expect(longNote.body.field).to.equal('note');

    // Ada's account now comes from the directory: her name and title are the directory's.
    await testApp.container.models.User.update({ source: 'ldap' }, { where: { username: ADMIN.username } });
    const name = await api.patch('/api/v1/accounts/update_credentials', { display_name: 'Ada L.' });
    expect(name.status).to.equal(422);
    expect(name.body.field).to.equal('display_name');
    const title = await api.patch('/api/v1/accounts/update_credentials', { title: 'Queen' });
    expect(title.status).to.equal(422);
    expect(title.body.field).to.equal('title');
    expect((await api.patch('/api/v1/accounts/update_credentials', { pronouns: 'they/them' })).status).to.equal(200);
    await testApp.container.models.User.update({ source: 'local' }, { where: { username: ADMIN.username } });
  });

  it('update_credentials takes an avatar as Mastodon apps send it, all or nothing, and DELETE /profile/avatar removes it', async () => {
    const api = await ApiClient.signIn(testApp, ADMIN.username, ADMIN.password);
    const ada = await userNamed(ADMIN.username);
    const refused = await api
      .upload('/api/v1/accounts/update_credentials', 'patch')
      .field('pronouns', 'ze/zir')
      .attach('avatar', Buffer.from('GIF89a but not really'), { filename: 'a.gif', contentType: 'image/gif' });
    expect(refused.status).to.equal(415);
    expect(refused.body.field).to.equal('avatar');
    expect((await userNamed(ADMIN.username)).pronouns).not.to.equal('ze/zir');

    const saved = await api
      .upload('/api/v1/accounts/update_credentials', 'patch')
      .field('pronouns', 'ze/zir')
      .attach('avatar', await twoColourPicture(), { filename: 'a.png', contentType: 'image/png' });
    expect(saved.status).to.equal(200);
    expect(saved.body.warble.pronouns).to.equal('ze/zir');
    const stored = await userNamed(ADMIN.username);
    expect(stored.photoSource).to.equal('upload');
    const photo = await testApp.container.photos.find(ada.id);
    expect(await sharp(photo!.data).metadata()).to.include({ width: 300, height: 300, format: 'jpeg' });

    const removed = await api.delete('/api/v1/profile/avatar');
    expect(removed.status).to.equal(200);
    expect((await userNamed(ADMIN.username)).photoEtag).to.equal(null);
    const fields = (await auditFor(ada.id)).map((entry) => (JSON.parse(entry.detail) as { fields: string[] }).fields);
    expect(fields.slice(-3)).to.deep.equal([['pronouns'], ['photo'], ['photo']]);
  });
});
