/** Index just past the `}` that closes a Liberty group whose `{` ends just before `from` (quoted strings skipped). */
export function groupEnd(text: string, from: number): number {
  let depth = 1;
  let j = from;
  while (depth > 0 && j < text.length) {
    const c = text[j++];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '"') j = text.indexOf('"', j) + 1;
  }
  return j;
}
