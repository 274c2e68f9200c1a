// A small strict XML well-formedness check for the SVG tests (no XML dependency).

/** Throws unless `text` is one well-formed XML element (tags balanced, attributes quoted, entities valid). */
export function checkWellFormed(text: string): { root: string; elements: Map<string, number> } {
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[A-Za-z][\w:.-]*="[^"<&]*(?:&(?:amp|lt|gt|quot|apos|#\d+);[^"<&]*)*")*)\s*(\/?)>/y;
  const stack: string[] = [];
  const elements = new Map<string, number>();
  let root = '';
  let i = 0;
  let closedRoot = false;
  while (i < text.length) {
    if (text[i] === '<') {
      tag.lastIndex = i;
      const m = tag.exec(text);
      if (!m) throw new Error(`malformed tag at ${i}: ${text.slice(i, i + 40)}`);
      const [all, close, name, , self] = m;
      if (closedRoot) throw new Error(`content after the root element at ${i}`);
      if (close) {
        if (stack.pop() !== name) throw new Error(`unbalanced </${name}> at ${i}`);
        if (stack.length === 0) closedRoot = true;
      } else {
        if (stack.length === 0) {
          if (root) throw new Error('two root elements');
          root = name!;
        }
        elements.set(name!, (elements.get(name!) ?? 0) + 1);
        if (!self) stack.push(name!);
        else if (stack.length === 0) closedRoot = true;
      }
      i += all!.length;
    } else {
      const next = text.indexOf('<', i);
      const chunk = text.slice(i, next < 0 ? text.length : next);
      if (/&(?!(?:amp|lt|gt|quot|apos|#\d+);)/.test(chunk) || chunk.includes('>')) throw new Error(`bad character data at ${i}: ${chunk.slice(0, 40)}`);
      if (stack.length === 0 && chunk.trim() !== '') throw new Error(`text outside the root at ${i}`);
      i = next < 0 ? text.length : next;
    }
  }
  if (stack.length) throw new Error(`unclosed <${stack.at(-1)}>`);
  return { root, elements };
}
