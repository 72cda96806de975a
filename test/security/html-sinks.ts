import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface Sink {
  file: string;
  line: number;
  what: string;
}

/** Properties whose assignment or call parses HTML. */
const HTML_PROPERTIES = new Set(['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'createContextualFragment', 'srcdoc']);
/** Leaflet calls that take tooltip / popup content: a string there is set as innerHTML. */
const LEAFLET_CONTENT = new Set([
  'bindTooltip',
  'bindPopup',
  'setContent',
  'setTooltipContent',
  'setPopupContent',
  'openTooltip',
  'openPopup',
]);
/** The one helper that turns text into a DOM node (web/src/shared/map/base-map.ts). */
const TEXT_NODE_HELPER = 'textContent';

function isTextNodeCall(node: ts.Node): boolean {
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === TEXT_NODE_HELPER;
}

/** Content Leaflet may get: `textContent(x)`, or a function whose result is `textContent(x)`. */
function isSafeContent(node: ts.Expression): boolean {
  if (isTextNodeCall(node)) return true;
  if (ts.isArrowFunction(node)) {
    if (ts.isBlock(node.body)) {
      let ok = false;
      node.body.forEachChild(function visit(n) {
        if (ts.isReturnStatement(n)) ok = !!n.expression && isTextNodeCall(n.expression);
        else if (!ts.isFunctionLike(n)) n.forEachChild(visit);
      });
      return ok;
    }
    return isTextNodeCall(node.body);
  }
  return false;
}

function propertyName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) {
    return node.argumentExpression.text;
  }
  return undefined;
}

/** Every string-HTML sink in one source text (TSX or TS); comments and strings are not code, so never flagged. */
export function findHtmlSinks(source: string, file = 'source.tsx'): Sink[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const sinks: Sink[] = [];
  const add = (node: ts.Node, what: string) =>
    sinks.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, what });

  const visit = (node: ts.Node): void => {
    const prop = propertyName(node);
    if (prop && HTML_PROPERTIES.has(prop)) add(node, `${prop} parses HTML`);
    if (ts.isJsxAttribute(node) && ts.isIdentifier(node.name)) {
      if (node.name.text === 'dangerouslySetInnerHTML' || node.name.text === 'srcDoc') add(node, node.name.text);
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = propertyName(callee) ?? (ts.isIdentifier(callee) ? callee.text : undefined);
      if (name === 'write' || name === 'writeln') {
        if (ts.isPropertyAccessExpression(callee) && /\bdocument$/.test(callee.expression.getText(sf))) {
          add(node, `document.${name}`);
        }
      }
      if (name && LEAFLET_CONTENT.has(name) && ts.isPropertyAccessExpression(callee)) {
        const first = node.arguments[0];
        if (first && !isSafeContent(first)) {
          add(node, `${name}(…) needs ${TEXT_NODE_HELPER}(text) or () => ${TEXT_NODE_HELPER}(text), not a string`);
        }
      }
      if (name === 'parseFromString') add(node, 'DOMParser.parseFromString parses HTML');
    }
    // L.divIcon({ html }), L.tooltip({ content }), L.popup({ content }): the same innerHTML
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && ['html', 'content'].includes(node.name.text)) {
      const call = node.parent.parent;
      if (ts.isCallExpression(call)) {
        const callee = propertyName(call.expression) ?? (ts.isIdentifier(call.expression) ? call.expression.text : '');
        if (['divIcon', 'tooltip', 'popup', 'DivIcon', 'Tooltip', 'Popup'].includes(callee ?? '')) {
          if (!isSafeContent(node.initializer)) add(node, `${callee}({ ${node.name.text} }) needs a DOM node`);
        }
      }
    }
    node.forEachChild(visit);
  };
  visit(sf);
  return sinks;
}

/** Every `.ts` / `.tsx` file under `dir` (tests included: they ship nothing, but a sink there is a bad example). */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** The sinks of a whole tree, files named relative to `root`. */
export function scanTree(dir: string, root: string): Sink[] {
  return sourceFiles(dir).flatMap((path) => findHtmlSinks(readFileSync(path, 'utf8'), relative(root, path)));
}
