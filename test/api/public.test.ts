import { CaseRepository } from '@civicgrid/db';
import { describe, expect, it } from 'vitest';
import { ADMIN, createTestPlatform } from '../support/platform';
import { setUpStreet } from '../support/street';

const p = await createTestPlatform({
  config: {
    rateLimits: {
      signupsPerHour: 10_000,
      loginsPerMinute: 10_000,
      reportsPerMinute: 10_000,
      reportsPerTenantPerMinute: 10_000,
      uploadsPerMinute: 10_000,
      lookupsPerMinute: 10_000,
    },
  },
});
const repo = new CaseRepository(p.deps.store, p.deps.config.cursorSecret);
const CODE = /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/;
const HERE = { lat: 39.03, lng: 117.72 };

/** Wait until the workflow waits at `step` (its task token is stored), so the next action completes it. */
async function waitForTask(path: string, id: string, step: string) {
  for (let i = 0; i < 100; i++) {
    const stored = await repo.get(path as never, id);
    if (stored?.taskToken && stored.taskStep === step) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no task token for ${id} at ${step}`);
}

const report = (slug: string, body: unknown, headers: Record<string, string> = {}) =>
  p.call('POST', `/public/${slug}/reports`, body, undefined, headers);
const track = (slug: string, code: string) => p.call('GET', `/public/${slug}/reports/${code}`);
const evaluate = (slug: string, code: string, body: unknown) =>
  p.call('POST', `/public/${slug}/reports/${code}/evaluation`, body);
const fieldsOf = (res: { body: { error: { details: { path: string }[] } } }) =>
  res.body.error.details.map((d) => d.path);

describe('the citizen channel', () => {
  it('files a report with a photo, tracks it through the loop and takes exactly one rating', async () => {
    const s = await setUpStreet(p, 'pub-loop');
    const { tokens } = s;
    // a drawn grid gives the public page its map centre
    const polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [117.7, 39.0],
          [117.74, 39.0],
          [117.74, 39.06],
          [117.7, 39.06],
          [117.7, 39.0],
        ],
      ],
    };
    expect(
      (await p.call('POST', '/api/grids', { code: '120116001001003', name: 'Drawn', polygon }, tokens.admin)).status,
    ).toBe(201);
    const page = await p.call('GET', '/public/pub-loop');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ slug: 'pub-loop', name: 'Tenant pub-loop' });
    expect(page.body.location.lat).toBeCloseTo(39.03, 6);
    expect(page.body.location.lng).toBeCloseTo(117.72, 6);
    const categories = await p.call('GET', '/public/pub-loop/categories');
    expect(categories.body.items).toEqual([{ code: 'garbage', name: '暴露垃圾' }]);

    // the photo: presign, PUT the bytes to s3rver, attach the key
    const photo = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 300 }, (_, i) => i % 256)]);
    const upload = await p.call('POST', '/public/pub-loop/uploads', {
      fileName: '垃圾 堆.jpg',
      contentType: 'image/jpeg',
      size: photo.length,
    });
    expect(upload.status).toBe(201);
    expect(upload.body.key.startsWith(`${s.path}reports/`)).toBe(true);
    const put = await fetch(upload.body.uploadUrl, { method: 'PUT', headers: upload.body.headers, body: photo });
    expect(put.status).toBe(200);

    const created = await report('pub-loop', {
      description: '小区东门垃圾堆积三天无人清理',
      categoryCode: 'garbage',
      location: HERE,
      address: '新港街道幸福小区东门',
      contact: { name: '李秀英', phone: '13812345678' },
      photos: [upload.body.key],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ step: 'reported', duplicates: [] });
    const code = created.body.trackingCode as string;
    expect(code).toMatch(CODE);

    // staff see the reporter and the photo; the case id embeds the tenant
    const list = await p.call('GET', '/api/cases?limit=100', undefined, tokens.dispatcher);
    const item = list.body.items.find((c: { description: string }) => c.description.startsWith('小区东门'));
    const id = item.id as string;
    expect(item.source).toBe('citizen');
    const detail = await p.call('GET', `/api/cases/${id}`, undefined, tokens.dispatcher);
    expect(detail.body.reporter).toEqual({ name: '李秀英', phone: '13812345678' });
    expect(detail.body.photos).toEqual([upload.body.key]);
    expect(detail.body.trackingCode).toBe(code);

    // the acknowledgement SMS is in the outbox, the number masked in the console's list
    const outbox = await p.call('GET', '/api/outbox', undefined, tokens.dispatcher);
    expect(outbox.status).toBe(200);
    expect(outbox.body.items[0]).toMatchObject({ kind: 'citizen.reported', channel: 'sms', to: '138****5678' });
    expect(outbox.body.items[0].text).toContain(code);
    expect(JSON.stringify(outbox.body)).not.toContain('13812345678');

    await waitForTask(s.path, id, 'reported');
    const act = (action: string, body: unknown, token: string) =>
      p.call('POST', `/api/cases/${id}/actions/${action}`, body, token);
    expect((await act('register', { categoryCode: 'garbage', gridCode: s.gridCode }, tokens.dispatcher)).status).toBe(
      200,
    );
    await waitForTask(s.path, id, 'registered');
    // a rating before the case is closed is a conflict
    const early = await evaluate('pub-loop', code, { rating: 5 });
    expect(early.status).toBe(409);
    expect((await act('dispatch', { departmentId: s.dept.id }, tokens.dispatcher)).status).toBe(200);
    await waitForTask(s.path, id, 'dispatched');
    expect((await act('handle', { note: '已由环卫组清运' }, tokens.department)).status).toBe(200);
    await waitForTask(s.path, id, 'handled');
    expect((await act('verify', { note: '现场核实已清理' }, tokens.grid)).status).toBe(200);
    await waitForTask(s.path, id, 'verified');
    expect((await act('close', { note: '结案' }, tokens.dispatcher)).status).toBe(200);
    await waitForTask(s.path, id, 'closed');

    // tracking: codes are read forgivingly (case, dashes); only public steps, nothing personal
    const tracked = await track('pub-loop', code.toLowerCase().replace('-', ''));
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({ trackingCode: code, step: 'closed', categoryName: '暴露垃圾' });
    expect(tracked.body.history.map((h: { step: string }) => h.step)).toEqual([
      'reported',
      'registered',
      'dispatched',
      'handled',
      'verified',
      'closed',
    ]);
    const serialized = JSON.stringify(tracked.body);
    const staffIds = (await p.call('GET', '/api/users', undefined, tokens.admin)).body.items.map(
      (u: { id: string }) => u.id,
    );
    // the department's reply (答复) is the citizen's answer; the grid worker's check note, actors and contacts are not
    for (const secret of ['13812345678', '李秀英', '现场核实', s.dept.id, id, ...staffIds]) {
      expect(serialized).not.toContain(secret);
    }
    expect(Object.keys(tracked.body).sort()).toEqual([
      'categoryName',
      'createdAt',
      'history',
      'office',
      'reply',
      'step',
      'trackingCode',
    ]);
    expect(tracked.body.office).toBe('Tenant pub-loop');
    expect(tracked.body.reply).toMatchObject({ text: '已由环卫组清运', photos: [] });
    expect(Object.keys(tracked.body.reply).sort()).toEqual(['at', 'photos', 'text']);

    // the SMS notices are signed by the office (not the product) and link to the tracking page
    const texts = (await p.call('GET', '/api/outbox?limit=50', undefined, tokens.dispatcher)).body.items
      .filter((m: { caseId: string }) => m.caseId === id)
      .map((m: { text: string }) => m.text as string);
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) {
      expect(text.startsWith('【Tenant pub-loop】')).toBe(true);
      expect(text).toContain(`/r/pub-loop/t/${code}`);
      expect(text).not.toContain('CivicGrid');
    }

    // rating: validated, once
    const bad = await evaluate('pub-loop', code, { rating: 6 });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['rating']);
    const rated = await evaluate('pub-loop', code, { rating: 4, comment: '处理及时' });
    expect(rated.status).toBe(201);
    expect(rated.body).toEqual({ trackingCode: code, step: 'evaluated' });
    const twice = await evaluate('pub-loop', code, { rating: 1 });
    expect(twice.status).toBe(409);
    expect((await track('pub-loop', code)).body.step).toBe('evaluated');

    // every public step change reached the citizen's phone
    const kinds = (await p.call('GET', '/api/outbox?limit=50', undefined, tokens.dispatcher)).body.items
      .filter((m: { caseId: string }) => m.caseId === id)
      .map((m: { kind: string }) => m.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['citizen.reported', 'citizen.registered', 'citizen.dispatched', 'citizen.closed']),
    );
    // the outbox is staff-only, and another tenant cannot read it
    expect((await p.call('GET', '/api/outbox')).status).toBe(401);
    const sibling = await p.signup('pub-loop-sibling', 'street');
    expect((await p.call('GET', `/api/outbox?tenantId=${s.tenantId}`, undefined, sibling.token)).status).toBe(404);
    expect((await p.call('GET', '/api/outbox', undefined, sibling.token)).body.items).toEqual([]);
  });

  it('keeps an anonymous report free of personal data', async () => {
    await setUpStreet(p, 'pub-anon');
    const created = await report('pub-anon', {
      description: '路灯不亮',
      anonymous: true,
      contact: { name: '王五', phone: '13900001111' },
    });
    expect(created.status).toBe(201);
    const tenant = (await p.call('GET', '/public/pub-anon')).body;
    expect(tenant.location).toBeNull();
    const stored = (await repo.recent((await tenantPathOf('pub-anon')) as never, { limit: 10, maxScanned: 10 }))[0];
    expect(stored?.private).toEqual({ anonymous: true });
  });

  it('gives the same report for the same Idempotency-Key: 201, then 200 with the same code', async () => {
    const s = await setUpStreet(p, 'pub-idem');
    const body = { description: '井盖缺失，存在安全隐患', categoryCode: 'garbage', location: HERE };
    const key = 'e0b7c3a2-5d1f-4c8e-9a3b-2f6d7e8c9a01';
    const first = await report('pub-idem', body, { 'Idempotency-Key': key });
    const second = await report('pub-idem', body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.trackingCode).toBe(first.body.trackingCode);
    const list = await p.call('GET', '/api/cases?limit=100', undefined, s.tokens.dispatcher);
    expect(list.body.items.filter((c: { description: string }) => c.description === body.description)).toHaveLength(1);
    // another key is another report
    expect((await report('pub-idem', body, { 'Idempotency-Key': `${key}-2` })).status).toBe(201);
    const tooLong = await report('pub-idem', body, { 'Idempotency-Key': 'k'.repeat(101) });
    expect(tooLong.status).toBe(400);
    expect(fieldsOf(tooLong)).toEqual(['Idempotency-Key']);
  });

  it('answers bad input with 400 naming the field, and oversized bodies with 413', async () => {
    const s = await setUpStreet(p, 'pub-bad');
    const cases: [unknown, string][] = [
      [{}, 'description'],
      [{ description: '   ' }, 'description'],
      [{ description: 'x'.repeat(2001) }, 'description'],
      [{ description: 'ok', location: { lat: 100, lng: 117 } }, 'location.lat'],
      [{ description: 'ok', contact: { phone: '12345' } }, 'contact.phone'],
      [{ description: 'ok', categoryCode: 'no-such' }, 'categoryCode'],
      [{ description: 'ok', anonymous: 'yes' }, 'anonymous'],
      [{ description: 'ok', photos: ['a', 'b', 'c', 'd'] }, 'photos'],
      [{ description: 'ok', photos: [`${s.path}cases/x/y.jpg`] }, 'photos.0'],
      [{ description: 'ok', photos: [`${s.path}reports/never-uploaded.jpg`] }, 'photos.0'],
      [{ description: 'ok', photos: ['s999/reports/other-tenant.jpg'] }, 'photos.0'],
    ];
    for (const [body, field] of cases) {
      const res = await report('pub-bad', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(res), JSON.stringify(body)).toContain(field);
    }
    expect((await report('pub-bad', '{not json')).status).toBe(400);

    const pdf = await p.call('POST', '/public/pub-bad/uploads', {
      fileName: 'a.pdf',
      contentType: 'application/pdf',
      size: 10,
    });
    expect(pdf.status).toBe(400);
    expect(fieldsOf(pdf)).toEqual(['contentType']);
    const huge = await p.call('POST', '/public/pub-bad/uploads', {
      fileName: 'a.jpg',
      contentType: 'image/jpeg',
      size: 11 * 1024 * 1024,
    });
    expect(fieldsOf(huge)).toEqual(['size']);

    const oversized = await report('pub-bad', { description: 'ok', address: 'x'.repeat(70 * 1024) });
    expect(oversized.status).toBe(413);
    expect(oversized.body.error.code).toBe('payload_too_large');
    const list = await p.call('GET', '/api/cases', undefined, s.tokens.dispatcher);
    expect(list.body.items).toHaveLength(0);
  });

  it('answers 404 for unknown, pending and suspended tenants, and for unknown codes', async () => {
    await p.signup('pub-district', 'district');
    await p.signup('pub-pending', 'street', 'pub-district');
    const suspended = await p.signup('pub-suspended', 'street');
    const admin = await p.login(ADMIN.email, ADMIN.password);
    expect((await p.call('POST', `/api/admin/tenants/${suspended.tenant.id}/suspend`, {}, admin)).status).toBe(200);
    for (const slug of ['pub-nobody', 'pub-pending', 'pub-suspended', 'Not A Slug']) {
      const base = `/public/${encodeURIComponent(slug)}`;
      expect((await p.call('GET', base)).status, slug).toBe(404);
      expect((await p.call('GET', `${base}/categories`)).status, slug).toBe(404);
      expect((await report(slug, { description: '有人吗' })).status, slug).toBe(404);
      const upload = await p.call('POST', `${base}/uploads`, { fileName: 'a.jpg', contentType: 'image/jpeg', size: 1 });
      expect(upload.status, slug).toBe(404);
      expect((await track(slug, 'ABCDE-FGHJK')).status, slug).toBe(404);
    }
    await setUpStreet(p, 'pub-codes');
    expect((await track('pub-codes', 'ABCDE-FGHJK')).status).toBe(404);
    expect((await track('pub-codes', 'not-a-code')).status).toBe(404);
    expect((await evaluate('pub-codes', 'ABCDE-FGHJK', { rating: 5 })).status).toBe(404);
    const missing = await track('pub-codes', 'ABCDE-FGHJK');
    expect(missing.body.error.code).toBe('not_found');
  });

  it('accepts a honeypot submission like any other but stores nothing', async () => {
    const s = await setUpStreet(p, 'pub-honey');
    const res = await report('pub-honey', {
      description: '低价代办证件 www.spam.example',
      website: 'http://spam.example',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ step: 'reported', duplicates: [] });
    expect(res.body.trackingCode).toMatch(CODE);
    expect((await track('pub-honey', res.body.trackingCode)).status).toBe(404);
    expect((await p.call('GET', '/api/cases', undefined, s.tokens.dispatcher)).body.items).toHaveLength(0);
    // an empty honeypot (what the real form sends) is a normal report
    expect((await report('pub-honey', { description: '真实问题', website: '' })).status).toBe(201);
    expect((await p.call('GET', '/api/cases', undefined, s.tokens.dispatcher)).body.items).toHaveLength(1);
  });

  it('hints at open reports of the same category nearby, to citizens and to the centre', async () => {
    const s = await setUpStreet(p, 'pub-dupes');
    const other = await p.call(
      'POST',
      '/api/categories',
      { code: 'lights', name: '路灯损坏', departmentId: s.dept.id, timeLimit: { value: 2, unit: 'workingDays' } },
      s.tokens.admin,
    );
    expect(other.status).toBe(201);
    const first = await report('pub-dupes', {
      description: '幸福路12号门口垃圾桶满溢，联系我13812345678，身份证120101199001011234',
      categoryCode: 'garbage',
      location: HERE,
      contact: { phone: '13812345678' },
    });
    // ~1.1 km north: too far to be the same problem
    await report('pub-dupes', {
      description: '远处垃圾',
      categoryCode: 'garbage',
      location: { lat: 39.04, lng: 117.72 },
    });
    // same place, other category
    await report('pub-dupes', { description: '路灯不亮', categoryCode: 'lights', location: HERE });

    // ~55 m east of the first
    const second = await report('pub-dupes', {
      description: '垃圾桶满了',
      categoryCode: 'garbage',
      location: { lat: 39.03, lng: 117.7206 },
    });
    expect(second.status).toBe(201);
    expect(second.body.duplicates).toHaveLength(1);
    const [hint] = second.body.duplicates;
    expect(hint).toMatchObject({ categoryCode: 'garbage', step: 'reported' });
    expect(hint.distanceMeters).toBeGreaterThan(40);
    expect(hint.distanceMeters).toBeLessThan(70);
    // a hint is no door into another citizen's report: neither their code nor their words
    expect(JSON.stringify(second.body)).not.toContain(first.body.trackingCode);
    expect(JSON.stringify(second.body)).not.toContain('幸福路12号');
    expect(JSON.stringify(second.body)).not.toContain('13812345678');
    expect(Object.keys(hint).sort()).toEqual(['categoryCode', 'createdAt', 'distanceMeters', 'step']);

    // the centre sees the same hint on the case while registering; a grid worker may not ask
    const list = await p.call('GET', '/api/cases?limit=100', undefined, s.tokens.dispatcher);
    const secondId = list.body.items.find((c: { description: string }) => c.description === '垃圾桶满了').id;
    const staff = await p.call('GET', `/api/cases/${secondId}/duplicates`, undefined, s.tokens.dispatcher);
    expect(staff.status).toBe(200);
    expect(staff.body.radiusMeters).toBe(200);
    expect(staff.body.items.map((d: { trackingCode: string }) => d.trackingCode)).toEqual([first.body.trackingCode]);
    expect((await p.call('GET', `/api/cases/${secondId}/duplicates`, undefined, s.tokens.grid)).status).toBe(403);
    const stranger = await setUpStreet(p, 'pub-dupes-other');
    expect(
      (await p.call('GET', `/api/cases/${secondId}/duplicates`, undefined, stranger.tokens.dispatcher)).status,
    ).toBe(404);
  });
});

async function tenantPathOf(slug: string): Promise<string> {
  const { TenantRepository } = await import('@civicgrid/db');
  const tenant = await new TenantRepository(p.deps.store).getBySlug(slug);
  if (!tenant) throw new Error(`no tenant ${slug}`);
  return tenant.path;
}
