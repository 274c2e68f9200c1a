import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Everything under `dir`: path -> kind and content (file bytes as text, link target, 'fifo',
 * 'dir'), so a test can assert that a refused command wrote, replaced or removed nothing.
 */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const p = join(rel, name);
      const st = lstatSync(join(dir, p));
      if (st.isSymbolicLink()) out[p] = `link -> ${readlinkSync(join(dir, p))}`;
      else if (st.isDirectory()) {
        out[p] = 'dir';
        walk(p);
      } else if (st.isFIFO()) out[p] = 'fifo';
      else out[p] = `file ${readFileSync(join(dir, p), 'utf8')}`;
    }
  };
  walk('');
  return out;
}
