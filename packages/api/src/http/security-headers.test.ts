import { describe, expect, it } from 'vitest';
import { malformedUrlPart } from './malformed-url';
import {
  applySecurityHeaders,
  pageContentSecurityPolicy,
  tileSource,
  tileTemplateAllowed,
  tileTemplateIn,
} from './security-headers';

describe('pageContentSecurityPolicy', () => {
  it('allows scripts from this origin only, and names the tile hosts and the evidence store', () => {
    const csp = pageContentSecurityPolicy({
      tileUrls: ['https://{s}.tile.example.org/{z}/{x}/{y}.png', 'https://tiles.example.gov.cn/{z}/{x}/{y}.png'],
      evidenceOrigins: ['http://127.0.0.1:4568', 'https://bucket.s3.cn-north-1.amazonaws.com.cn/key?sig=1'],
    });
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain(
      "img-src 'self' data: blob: https://*.tianditu.gov.cn https://*.tile.example.org https://tiles.example.gov.cn http://127.0.0.1:4568 https://bucket.s3.cn-north-1.amazonaws.com.cn;",
    );
    // 天地图 (a tenant setting): its tile hosts and its geocoder, always
    expect(csp).toContain(
      "connect-src 'self' https://api.tianditu.gov.cn http://127.0.0.1:4568 https://bucket.s3.cn-north-1.amazonaws.com.cn;",
    );
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'self'");
  });

  it('leaves out what it cannot express safely instead of widening', () => {
    expect(tileSource('//tiles.example.org/{z}/{x}/{y}.png')).toBeUndefined();
    expect(tileSource('javascript:alert(1)')).toBeUndefined();
    expect(tileSource("https://a.example'; script-src *")).toBeUndefined();
    expect(tileSource('https://{a-c}.tile.example.org/{z}/{x}/{y}.png')).toBeUndefined();
    expect(
      pageContentSecurityPolicy({ evidenceOrigins: ['not a url', "https://x; script-src 'unsafe-inline'"] }),
    ).toContain("connect-src 'self' https://api.tianditu.gov.cn;");
  });

  it('allows a tenant tile template only on 天地图 or a host the deployment names', () => {
    const allowed = ['https://{s}.tiles.example.gov.cn/{z}/{x}/{y}.png', 'https://map.example.cn'];
    expect(tileTemplateAllowed('https://t{s}.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}', [])).toBe(true);
    expect(tileTemplateAllowed('https://a.tiles.example.gov.cn/{z}/{x}/{y}.png', allowed)).toBe(true);
    expect(tileTemplateAllowed('https://map.example.cn/{z}/{x}/{y}.png', allowed)).toBe(true);
    expect(tileTemplateAllowed('https://evil.example/{z}/{x}/{y}.png', allowed)).toBe(false);
    expect(tileTemplateAllowed('https://tianditu.gov.cn.evil.example/{z}/{x}/{y}.png', allowed)).toBe(false);
    expect(tileTemplateAllowed('http://map.example.cn/{z}/{x}/{y}.png', allowed)).toBe(false);
  });

  it('reads the tile template from a built page', () => {
    expect(
      tileTemplateIn('<meta name="civicgrid-tiles" content="https://t.example/{z}/{x}/{y}.png?a=1&amp;b=2" />'),
    ).toBe('https://t.example/{z}/{x}/{y}.png?a=1&b=2');
    expect(tileTemplateIn('<meta name="civicgrid-tiles" content="" />')).toBeUndefined();
  });
});

describe('applySecurityHeaders', () => {
  it('adds what is missing and keeps what a route set', () => {
    const res = applySecurityHeaders(
      new Response('x', { headers: { 'Content-Security-Policy': "default-src 'none'; script-src 'sha256-x'" } }),
      "default-src 'self'",
    );
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=/);
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'sha256-x'");
  });

  it('copies a response whose headers are immutable', async () => {
    const immutable = Response.redirect('http://127.0.0.1/x', 302);
    const res = applySecurityHeaders(immutable, "default-src 'none'");
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://127.0.0.1/x');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'");
  });
});

describe('malformedUrlPart', () => {
  it.each([
    ['http://h/%E0%A4%A', 'path'],
    ['http://h/a%', 'path'],
    ['http://h/%ZZ', 'path'],
    ['http://h/api/cases?step=%E0%A4%A', 'query'],
    ['http://h/x?a=1&b=%', 'query'],
  ])('%s is malformed in its %s', (url, part) => {
    expect(malformedUrlPart(url)).toBe(part);
  });

  it.each([
    'http://h/',
    'http://h/r/taida/t/ABCDE-FGHJK',
    'http://h/cases/d0001.s001-x',
    'http://h/%E4%B8%AD?q=%E4%B8%AD+a&b=1',
    'http://h/a?x=50%25',
  ])('%s is well formed', (url) => {
    expect(malformedUrlPart(url)).toBeUndefined();
  });
});
