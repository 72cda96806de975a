import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findHtmlSinks, scanTree, sourceFiles } from './html-sinks';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WEB_SRC = fileURLToPath(new URL('../../web/src', import.meta.url));

describe('no string HTML sink in web/', () => {
  it('web/src has no innerHTML, dangerouslySetInnerHTML, document.write or string Leaflet content', () => {
    expect(sourceFiles(WEB_SRC).length).toBeGreaterThan(50);
    const found = scanTree(WEB_SRC, ROOT).map((s) => `${s.file}:${s.line} ${s.what}`);
    expect(found, `string HTML sinks (use textContent / DOM nodes):\n${found.join('\n')}`).toEqual([]);
  });

  it('flags each kind of sink, naming its line', () => {
    const source = [
      'el.innerHTML = c.description;', // 1
      'el.outerHTML = x;', // 2
      "el.insertAdjacentHTML('beforeend', x);", // 3
      'document.write(x);', // 4
      "window.document.writeln('<b>');", // 5
      'const a = <div dangerouslySetInnerHTML={{ __html: x }} />;', // 6
      'pin.bindTooltip(c.description ?? c.id);', // 7
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text under test
      'layer.bindPopup(`<b>${name}</b>`);', // 8
      "tooltip.setContent('<img src=x onerror=alert(1)>');", // 9
      'l.bindTooltip(() => label(g), { sticky: true });', // 10
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text under test
      'L.divIcon({ html: `<span>${n}</span>` });', // 11
      'L.popup({ content: text });', // 12
      "el['innerHTML'] = x;", // 13
      "new DOMParser().parseFromString(x, 'text/html');", // 14
      'range.createContextualFragment(x);', // 15
      'const f = <iframe srcDoc={x} />;', // 16
    ].join('\n');
    expect(findHtmlSinks(source).map((s) => s.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
  });

  it('accepts text in DOM nodes, and ignores comments and strings that only mention a sink', () => {
    const source = [
      '// Leaflet puts a string into innerHTML: never pass one',
      "const note = 'no dangerouslySetInnerHTML here';",
      'pin.bindTooltip(textContent(c.description ?? c.id));',
      'l.bindTooltip(() => textContent(label(g)), { sticky: true });',
      'l.bindPopup((layer) => { return textContent(String(layer)); });',
      'L.divIcon({ html: textContent(n) });',
      'el.textContent = c.description;',
      "message.open({ content: 'ok' });",
    ].join('\n');
    expect(findHtmlSinks(source)).toEqual([]);
  });
});
