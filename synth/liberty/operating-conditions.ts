import { groupEnd } from './group-end.ts';

/**
 * The Debian OpenSTA (2019) resolves `default_operating_conditions : NAME;` when it reads the
 * attribute, so a library that names the conditions before their `operating_conditions (NAME)`
 * group (sky130_fd_sc_hd does) gets the warning "default_operating_condition NAME not found" and
 * no default conditions; `report_power` then finds no internal-power arc in any cell and reports
 * 0 internal power. Moving the attribute after the group it names gives OpenSTA the conditions
 * and the internal power of the library's tables; nothing else in the text changes.
 */
export function operatingConditionsFirst(text: string): string {
  const attr = /^[ \t]*default_operating_conditions\s*:\s*"?([\w.]+)"?\s*;[ \t]*\r?\n?/m.exec(text);
  if (!attr) return text;
  const name = attr[1]!.replace(/\./g, '\\.');
  const group = new RegExp(`\\boperating_conditions\\s*\\(\\s*"?${name}"?\\s*\\)\\s*\\{`).exec(text);
  if (!group || group.index < attr.index) return text;
  const end = groupEnd(text, group.index + group[0].length);
  const line = attr[0].endsWith('\n') ? attr[0] : `${attr[0]}\n`;
  const withoutAttr = text.slice(0, attr.index) + text.slice(attr.index + attr[0].length);
  const at = end - attr[0].length;
  return `${withoutAttr.slice(0, at)}\n${line.trimEnd()}${withoutAttr.slice(at)}`;
}
