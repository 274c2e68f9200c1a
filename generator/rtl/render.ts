/**
 * Renders the Handlebars templates under templates/ into Verilog text.
 * Templates are compiled once and cached; `noEscape` because Verilog is not HTML.
 */
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../io/package-root.ts';

export const TEMPLATE_DIR = join(PACKAGE_ROOT, 'templates');

const hbs = Handlebars.create();
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hbs.registerHelper('add', (a: number, b: number) => a + b);
hbs.registerHelper('sub', (a: number, b: number) => a - b);

const cache = new Map<string, Handlebars.TemplateDelegate>();

/** Renders `templates/<relPath>` with the given context. */
export function renderTemplate(relPath: string, context: object): string {
  let template = cache.get(relPath);
  if (!template) {
    const source = readFileSync(join(TEMPLATE_DIR, relPath), 'utf8');
    template = hbs.compile(source, { noEscape: true, strict: true });
    cache.set(relPath, template);
  }
  return template(context);
}
