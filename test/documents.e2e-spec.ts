import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bearer, signedInUser, type SignedInUser } from './factories/accounts.js';
import {
  professionalWithProfile,
  SAMPLE_FILES,
  signedInAdmin,
  uploadDocument,
} from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';
/** The fields these tests read from admin list items. */
interface ListItem {
  id: string;
  status?: string;
  professional?: { id: string; name: string; profession: string | null };
  pendingDocuments?: number;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Every file under the app's storage directory, recursively. */
async function storedFiles(t: TestApp): Promise<string[]> {
  const entries = await readdir(t.storageDir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function documentCount(t: TestApp, userId: string): Promise<number> {
  const { rows } = await t.db.pool.query(
    `SELECT count(*)::int AS n FROM documents WHERE professional_id = $1`,
    [userId],
  );
  return rows[0].n;
}

/** supertest's body for a binary download, as a Buffer. */
function binary(res: { body: unknown }): Buffer {
  return res.body as Buffer;
}

const download = (t: TestApp, user: SignedInUser, id: string) =>
  t.http
    .get(`/api/v1/professional/documents/${id}/file`)
    .set(...bearer(user))
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });

describe('Documents and verification', () => {
  let t: TestApp;
  let admin: SignedInUser;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInAdmin(t);
  });
  afterAll(() => t.close());

  describe('upload', () => {
    it('stores a PNG named x.pdf and declared application/pdf as PNG, encrypted; download returns the exact bytes', async () => {
      const user = await professionalWithProfile(t);
      const png = SAMPLE_FILES.png();
      const filesBefore = await storedFiles(t);
      const res = await uploadDocument(t, user, 'nin', png, {
        filename: 'x.pdf',
        contentType: 'application/pdf',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        docType: 'nin',
        status: 'pending',
        contentType: 'image/png',
        sizeBytes: png.length,
        rejectionReason: null,
        uploadedAt: expect.any(String),
        reviewedAt: null,
      });

      const newFiles = (await storedFiles(t)).filter((f) => !filesBefore.includes(f));
      expect(newFiles).toHaveLength(1);
      expect(newFiles[0]).not.toContain('x.pdf');
      const onDisk = await readFile(newFiles[0]);
      expect(onDisk.equals(png)).toBe(false);
      expect(onDisk.includes(png.subarray(0, 32))).toBe(false);

      const file = await download(t, user, res.body.id);
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(file.headers['content-disposition']).toBe(`attachment; filename="nin-${res.body.id}.png"`);
      expect(sha256(binary(file))).toBe(sha256(png));
    });

    it('accepts PDF and JPEG by content', async () => {
      const user = await professionalWithProfile(t, { profession: 'teacher' });
      const pdf = await uploadDocument(t, user, 'certificate', SAMPLE_FILES.pdf(), { filename: 'cert.bin' });
      expect(pdf.body.contentType).toBe('application/pdf');
      const jpeg = await uploadDocument(t, user, 'nin', SAMPLE_FILES.jpeg(), {
        filename: 'id.png',
        contentType: 'image/png',
      });
      expect(jpeg.status).toBe(201);
      expect(jpeg.body.contentType).toBe('image/jpeg');
    });

    it.each([
      ['an EXE renamed .pdf', Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00'), Buffer.alloc(1024)])],
      [
        'an HTML page renamed .pdf',
        Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'),
      ],
      ['an empty file', Buffer.alloc(0)],
    ])('refuses %s with 415, writing no row and no file', async (_case, file) => {
      const user = await professionalWithProfile(t);
      const filesBefore = await storedFiles(t);
      const res = await uploadDocument(t, user, 'nin', file, {
        filename: 'cv.pdf',
        contentType: 'application/pdf',
      });
      expect(res.status).toBe(415);
      expect(res.body.type).toBe(`${PROBLEM}unsupported-file-type`);
      expect(await documentCount(t, user.id)).toBe(0);
      expect(await storedFiles(t)).toEqual(filesBefore);
    });

    it('refuses a 6 MB upload with 413, leaving no row and no file behind', async () => {
      const user = await professionalWithProfile(t);
      const filesBefore = await storedFiles(t);
      const big = Buffer.concat([SAMPLE_FILES.pdf(), Buffer.alloc(6 * 1024 * 1024, 0x41)]);
      const res = await uploadDocument(t, user, 'nin', big);
      expect(res.status).toBe(413);
      expect(res.body.type).toBe(`${PROBLEM}file-too-large`);
      expect(await documentCount(t, user.id)).toBe(0);
      expect(await storedFiles(t)).toEqual(filesBefore);
      // The connection and the service are fine afterwards.
      expect((await uploadDocument(t, user, 'nin')).status).toBe(201);
    });

    it('accepts a file of exactly 5 MB', async () => {
      const user = await professionalWithProfile(t);
      const pdf = SAMPLE_FILES.pdf();
      const exact = Buffer.concat([pdf, Buffer.alloc(5 * 1024 * 1024 - pdf.length, 0x20)]);
      const res = await uploadDocument(t, user, 'nin', exact);
      expect(res.status).toBe(201);
      expect(res.body.sizeBytes).toBe(5 * 1024 * 1024);
    });

    it.each([
      [
        'no docType',
        (r: ReturnType<TestApp['http']['post']>) => r.attach('file', SAMPLE_FILES.pdf(), 'a.pdf'),
        'docType',
      ],
      [
        'an unknown docType',
        (r: ReturnType<TestApp['http']['post']>) =>
          r.field('docType', 'passport').attach('file', SAMPLE_FILES.pdf(), 'a.pdf'),
        'docType',
      ],
      ['no file', (r: ReturnType<TestApp['http']['post']>) => r.field('docType', 'nin'), 'file'],
      [
        'the file under another name',
        (r: ReturnType<TestApp['http']['post']>) =>
          r.field('docType', 'nin').attach('document', SAMPLE_FILES.pdf(), 'a.pdf'),
        'document',
      ],
    ])('answers 400 for %s, naming the field', async (_case, build, field) => {
      const user = await professionalWithProfile(t);
      const res = await build(t.http.post('/api/v1/professional/documents').set(...bearer(user)));
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await documentCount(t, user.id)).toBe(0);
    });

    it('answers 415 to a JSON body', async () => {
      const user = await professionalWithProfile(t);
      const res = await t.http
        .post('/api/v1/professional/documents')
        .set(...bearer(user))
        .send({ docType: 'nin', file: 'JVBERi0=' });
      expect(res.status).toBe(415);
      expect(res.body.type).toBe(`${PROBLEM}multipart-required`);
    });

    it('refuses a second pending document of the same type (409), not of another type', async () => {
      const user = await professionalWithProfile(t);
      expect((await uploadDocument(t, user, 'nin')).status).toBe(201);
      const filesBefore = await storedFiles(t);
      const second = await uploadDocument(t, user, 'nin');
      expect(second.status).toBe(409);
      expect(second.body.type).toBe(`${PROBLEM}document-pending`);
      expect(await storedFiles(t)).toEqual(filesBefore);
      expect((await uploadDocument(t, user, 'license')).status).toBe(201);
    });

    it('is for professionals: an institution uploading gets 403', async () => {
      const institution = await signedInUser(t, { role: 'institution' });
      const res = await uploadDocument(t, institution, 'nin');
      expect(res.status).toBe(403);
      expect((await uploadDocument(t, admin, 'nin')).status).toBe(403);
    });
  });

  describe('reading', () => {
    it('lists own documents newest first with cursor pagination', async () => {
      const user = await professionalWithProfile(t, { profession: 'teacher' });
      const ids: string[] = [];
      for (const docType of ['nin', 'certificate', 'license'])
        ids.push((await uploadDocument(t, user, docType)).body.id);
      const first = await t.http.get('/api/v1/professional/documents?limit=2').set(...bearer(user));
      expect(first.status).toBe(200);
      expect(first.body.items.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[1]]);
      const second = await t.http
        .get(`/api/v1/professional/documents?limit=2&cursor=${first.body.nextCursor}`)
        .set(...bearer(user));
      expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
      expect(
        (await t.http.get('/api/v1/professional/documents?cursor=garbage').set(...bearer(user))).status,
      ).toBe(400);
      expect((await t.http.get('/api/v1/professional/documents?limit=101').set(...bearer(user))).status).toBe(
        400,
      );
    });

    it("answers 404 to a professional reading another professional's document; admins read it, audited", async () => {
      const owner = await professionalWithProfile(t);
      const other = await professionalWithProfile(t);
      const pdf = SAMPLE_FILES.pdf();
      const { body } = await uploadDocument(t, owner, 'nin', pdf);

      const stranger = await download(t, other, body.id);
      expect(stranger.status).toBe(404);
      expect(stranger.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((await download(t, other, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
      const institution = await signedInUser(t, { role: 'institution' });
      expect((await download(t, institution, body.id)).status).toBe(403);

      const byAdmin = await download(t, admin, body.id);
      expect(byAdmin.status).toBe(200);
      expect(sha256(binary(byAdmin))).toBe(sha256(pdf));
      const { rows } = await t.db.pool.query(
        `SELECT actor_id, target_id, request_id FROM audit_log WHERE action = 'document.downloaded' AND target_id = $1`,
        [body.id],
      );
      expect(rows).toEqual([
        { actor_id: admin.id, target_id: body.id, request_id: byAdmin.headers['x-request-id'] },
      ]);
      // The owner's own downloads are not admin views.
      await download(t, owner, body.id);
      const count = await t.db.pool.query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'document.downloaded' AND target_id = $1`,
        [body.id],
      );
      expect(count.rows[0].n).toBe(1);
    });
  });

  describe('review', () => {
    const approve = (id: string, as: SignedInUser = admin) =>
      t.http.post(`/api/v1/admin/documents/${id}/approve`).set(...bearer(as));
    const reject = (id: string, reason: unknown, as: SignedInUser = admin) =>
      t.http
        .post(`/api/v1/admin/documents/${id}/reject`)
        .set(...bearer(as))
        .send({ reason });
    const profile = async (user: SignedInUser) =>
      (await t.http.get('/api/v1/professional/profile').set(...bearer(user))).body;

    it('approving every required document flips verified and notifies; one approval is not enough', async () => {
      const nurse = await professionalWithProfile(t, { profession: 'nurse' });
      const nin = (await uploadDocument(t, nurse, 'nin')).body.id;
      const license = (await uploadDocument(t, nurse, 'license')).body.id;

      const first = await approve(nin);
      expect(first.status).toBe(200);
      expect(first.body).toEqual(
        expect.objectContaining({ id: nin, status: 'approved', reviewedAt: expect.any(String) }),
      );
      expect((await profile(nurse)).verified).toBe(false);

      expect((await approve(license)).status).toBe(200);
      expect((await profile(nurse)).verified).toBe(true);
      const institution = await signedInUser(t, { role: 'institution' });
      expect(
        (await t.http.get(`/api/v1/professionals/${nurse.id}`).set(...bearer(institution))).body.verified,
      ).toBe(true);

      const { rows } = await t.db.pool.query(
        `SELECT type, title, body FROM notifications WHERE user_id = $1 ORDER BY created_at`,
        [nurse.id],
      );
      expect(rows).toEqual([
        expect.objectContaining({
          type: 'document.approved',
          body: expect.stringContaining('Once every required'),
        }),
        expect.objectContaining({
          type: 'document.approved',
          body: 'You are now verified and can accept jobs.',
        }),
      ]);
      const audit = await t.db.pool.query(
        `SELECT actor_id FROM audit_log WHERE action = 'document.approved' AND target_id = ANY($1::text[])`,
        [[nin, license]],
      );
      expect(audit.rows).toEqual([{ actor_id: admin.id }, { actor_id: admin.id }]);
    });

    it('a rejection shows its reason to the professional and keeps verified false; re-uploading goes back to the queue', async () => {
      const caregiver = await professionalWithProfile(t, { profession: 'caregiver' });
      const nin = (await uploadDocument(t, caregiver, 'nin')).body.id;
      const reason = 'The photo is blurred; upload a sharp scan of both sides.';
      const res = await reject(nin, reason);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ status: 'rejected', rejectionReason: reason }));

      const own = await t.http.get('/api/v1/professional/documents').set(...bearer(caregiver));
      expect(own.body.items[0]).toEqual(
        expect.objectContaining({ id: nin, status: 'rejected', rejectionReason: reason }),
      );
      expect((await profile(caregiver)).verified).toBe(false);
      const note = await t.db.pool.query(`SELECT type, body FROM notifications WHERE user_id = $1`, [
        caregiver.id,
      ]);
      expect(note.rows).toEqual([{ type: 'document.rejected', body: expect.stringContaining(reason) }]);

      const again = await uploadDocument(t, caregiver, 'nin', SAMPLE_FILES.jpeg());
      expect(again.status).toBe(201);
      const queue = await allPages(`/api/v1/admin/documents?status=pending`);
      expect(queue.map((d) => d.id)).toContain(again.body.id);
      expect(queue.map((d) => d.id)).not.toContain(nin);
      expect((await approve(again.body.id)).status).toBe(200);
      expect((await profile(caregiver)).verified).toBe(true);
    });

    it('a reason is required; a document is reviewed once; unknown ids are 404', async () => {
      const user = await professionalWithProfile(t, { profession: 'caregiver' });
      const id = (await uploadDocument(t, user, 'nin')).body.id;
      for (const bad of [undefined, '', '    ', 'no', 'x'.repeat(501)]) {
        const res = await reject(id, bad);
        expect(res.status).toBe(400);
        expect(res.body.errors[0].field).toBe('reason');
      }
      expect((await t.db.pool.query(`SELECT status FROM documents WHERE id = $1`, [id])).rows[0].status).toBe(
        'pending',
      );

      expect((await approve(id)).status).toBe(200);
      const twice = await reject(id, 'Changed my mind about this one.');
      expect(twice.status).toBe(409);
      expect(twice.body.type).toBe(`${PROBLEM}document-already-reviewed`);
      expect((await approve(id)).status).toBe(409);
      expect((await approve('00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await approve('nope')).status).toBe(400);
    });

    it('two admins approving the two required documents at the same moment leave the professional verified', async () => {
      const teacher = await professionalWithProfile(t, { profession: 'teacher' });
      const otherAdmin = await signedInAdmin(t);
      const nin = (await uploadDocument(t, teacher, 'nin')).body.id;
      const certificate = (await uploadDocument(t, teacher, 'certificate')).body.id;
      const results = await Promise.all([approve(nin), approve(certificate, otherAdmin)]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect((await profile(teacher)).verified).toBe(true);
    });

    it('racing approve and reject of one document: exactly one decision wins', async () => {
      const user = await professionalWithProfile(t, { profession: 'caregiver' });
      const id = (await uploadDocument(t, user, 'nin')).body.id;
      const results = await Promise.all([approve(id), reject(id, 'Blurred photo, please rescan.')]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const { rows } = await t.db.pool.query(
        `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1`,
        [user.id],
      );
      expect(rows[0].n).toBe(1);
    });

    it('the queue is oldest first; pending professionals lists who waits longest', async () => {
      const early = await professionalWithProfile(t, { profession: 'teacher' });
      const late = await professionalWithProfile(t, { profession: 'nurse' });
      const a = (await uploadDocument(t, early, 'nin')).body.id;
      const b = (await uploadDocument(t, late, 'nin')).body.id;
      const c = (await uploadDocument(t, early, 'certificate')).body.id;

      const queue = (await allPages('/api/v1/admin/documents')).map((d) => d.id);
      const positions = [a, b, c].map((id) => queue.indexOf(id));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      const item = (await allPages('/api/v1/admin/documents')).find((d) => d.id === a);
      expect(item?.professional).toEqual({ id: early.id, name: early.name, profession: 'teacher' });

      const pending = await allPages('/api/v1/admin/professionals/pending');
      const mine = pending.filter((p) => p.id === early.id || p.id === late.id);
      expect(mine).toEqual([
        expect.objectContaining({
          id: early.id,
          pendingDocuments: 2,
          profession: 'teacher',
          verified: false,
        }),
        expect.objectContaining({ id: late.id, pendingDocuments: 1, profession: 'nurse' }),
      ]);

      const approved = (await allPages('/api/v1/admin/documents?status=approved')).every(
        (d) => d.status === 'approved',
      );
      expect(approved).toBe(true);
      expect((await t.http.get('/api/v1/admin/documents?status=lost').set(...bearer(admin))).status).toBe(
        400,
      );
    });

    it('review routes are for admins only (403 for professionals and institutions)', async () => {
      const professional = await professionalWithProfile(t);
      const institution = await signedInUser(t, { role: 'institution' });
      const id = (await uploadDocument(t, professional, 'nin')).body.id;
      for (const user of [professional, institution]) {
        expect((await t.http.get('/api/v1/admin/documents').set(...bearer(user))).status).toBe(403);
        expect((await t.http.get('/api/v1/admin/professionals/pending').set(...bearer(user))).status).toBe(
          403,
        );
        expect((await approve(id, user)).status).toBe(403);
        expect((await reject(id, 'Not allowed to do this.', user)).status).toBe(403);
      }
      expect((await t.db.pool.query(`SELECT status FROM documents WHERE id = $1`, [id])).rows[0].status).toBe(
        'pending',
      );
    });
  });

  describe('account deletion', () => {
    it('erases the documents, their files and the profile', async () => {
      const user = await professionalWithProfile(t);
      const filesBefore = await storedFiles(t);
      await uploadDocument(t, user, 'nin');
      expect((await storedFiles(t)).length).toBe(filesBefore.length + 1);
      const res = await t.http
        .delete('/api/v1/users/me')
        .set(...bearer(user))
        .send({ password: user.password });
      expect(res.status).toBe(204);
      expect(await documentCount(t, user.id)).toBe(0);
      expect(await storedFiles(t)).toEqual(filesBefore);
      const { rows } = await t.db.pool.query(`SELECT 1 FROM professionals WHERE user_id = $1`, [user.id]);
      expect(rows).toEqual([]);
    });
  });

  /** Follows nextCursor to the end of an admin list. */
  async function allPages(path: string): Promise<ListItem[]> {
    const items: ListItem[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const res: { status: number; body: { items: ListItem[]; nextCursor: string | null } } = await t.http
        .get(`${path}${separator}limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        .set(...bearer(admin));
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }
});
