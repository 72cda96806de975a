/**
 * esbuild settings shared by `CivicGridFunction` and the cold-start benchmark (test/bench/cold-start.ts), so the
 * benchmark measures the bundles that are deployed. No CDK import here: the benchmark loads this file.
 */

/** ESM output still meets CommonJS dependencies that call require(); give them one. */
export const CREATE_REQUIRE_BANNER =
  "import { createRequire as __civicgridCreateRequire } from 'node:module';" +
  'const require = __civicgridCreateRequire(import.meta.url);';

/**
 * Left out of every bundle unless `bundleAwsSdk` is set: the nodejs22.x runtime ships AWS SDK v3 and Lambda
 * resolves these imports from it (CDK's own default for Node ≥ 18). See docs/deploy.md, "Bundles".
 */
export const RUNTIME_PROVIDED_MODULES = ['@aws-sdk/*'];

/**
 * Document renderers of the monthly bulletin (PDF with an embedded CJK font, xlsx), loaded by a dynamic import
 * only when a bulletin is downloaded as a file. Kept out of the API bundle (≤ 400 KB, P2): in AWS they and a CJK
 * font come from a Lambda layer (docs/deploy.md, "Bulletin documents"); without it the download answers 503
 * `document_renderer_unavailable` and the JSON and CSV bulletins still work.
 */
export const DOCUMENT_MODULES = ['pdfkit', 'write-excel-file', 'write-excel-file/*'];
