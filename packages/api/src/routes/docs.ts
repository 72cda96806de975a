import { createHash } from 'node:crypto';
import type { AppDeps } from '../deps';
import type { Route } from '../http/routes';

// A self-contained page (no CDN): it reads /openapi.json and lists every route with its schemas.
const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>CivicGrid API 文档</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#1f2329}
h1{font-size:1.4rem}code{background:#f2f3f5;padding:1px 4px;border-radius:3px}details{border-bottom:1px solid #e5e6eb;padding:.4rem 0}
summary{cursor:pointer}.m{display:inline-block;width:4.5rem;font-weight:600}.get{color:#1677ff}.post{color:#00a870}
.put,.patch{color:#d48806}.delete{color:#e34d59}pre{background:#f7f8fa;padding:.6rem;overflow:auto;font-size:12px}
.tag{color:#86909c;font-size:12px;margin-left:.5rem}</style></head>
<body><h1>CivicGrid API 文档 / API reference</h1>
<p>生成自路由注册表与 zod 校验规则 · generated from the route registry and the zod schemas · <a href="/openapi.json">openapi.json</a></p>
<div id="routes">加载中… / loading…</div>
<script>
fetch('/openapi.json').then(r=>r.json()).then(doc=>{
  const root=document.getElementById('routes');root.textContent='';
  for(const [path,ops] of Object.entries(doc.paths)){for(const [method,op] of Object.entries(ops)){
    const d=document.createElement('details');const s=document.createElement('summary');
    const m=document.createElement('span');m.className='m '+method;m.textContent=method.toUpperCase();
    const c=document.createElement('code');c.textContent=path;const t=document.createElement('span');t.className='tag';
    t.textContent=op.summary+' · '+op['x-isolation']+(op['x-permission']?' · '+op['x-permission']:'');
    s.append(m,c,t);d.append(s);
    const pre=document.createElement('pre');pre.textContent=JSON.stringify({parameters:op.parameters,requestBody:op.requestBody&&op.requestBody.content['application/json'].schema},null,2);
    d.append(pre);root.append(d);}}
});
</script></body></html>`;

// The page's one inline script is allowed by its hash, nothing else: the same strictness as the console's CSP.
const SCRIPT = /<script>([\s\S]*?)<\/script>/.exec(PAGE)?.[1] ?? '';
const DOCS_CSP = [
  "default-src 'none'",
  `script-src 'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'`,
  "style-src 'unsafe-inline'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** `GET /docs`: a readable page over the OpenAPI document. */
export function registerDocsRoutes(route: Route, _deps: AppDeps): void {
  route(
    {
      method: 'GET',
      path: '/docs',
      operationId: 'getDocsPage',
      isolation: 'public',
      summary: 'API reference page (reads /openapi.json)',
    },
    (c) => c.html(PAGE, 200, { 'Content-Security-Policy': DOCS_CSP }),
  );
}
