/**
 * `golden --design DIR` and `cosim --design DIR`: the configuration of a generated design, read
 * from its manifest.json (`config`), so that the model and the simulation follow the design the
 * user has instead of the defaults. A config option typed beside --design must agree with the
 * design (else exit 2 naming the option and both values). Without --design, golden warns when the
 * folder of its --in or --out holds a design whose configuration differs from its own.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { MacroConfig } from '../generator/config.ts';
import { UsageError } from '../generator/errors.ts';
import { MANIFEST } from '../generator/io/design-dir.ts';
import { configRecord } from '../generator/rtl/generate.ts';
import { formatPipeline } from '../generator/rtl/pipeline.ts';
import type { OperatorLatency } from '../generator/rtl/depth-model.ts';
import { flagOf } from './words.ts';

/** The configuration options of the command line (flags without dashes). */
export const CONFIG_FLAGS = ['d', 'd-max', 'format', 'internal', 'lanes', 'steps', 'rule', 'lambda', 'init', 'init-bits', 'mode', 'affine', 'eps', 'input-shift', 'target-depth', 'clock-period', 'gate-delay', 'pipeline', 'engine', 'interface', 'buffer-beats', 'residual', 'residual-sum', 'out-format', 'out-scale'] as const;

/** The pipelining options: any of them typed means the registers are the user's to choose. */
const PIPELINING = ['pipeline', 'target-depth', 'clock-period', 'gate-delay'];

export interface DesignConfig {
  /** The manifest file read. */
  manifest: string;
  /** Its `config` record (configRecord of the design's configuration). */
  record: Record<string, unknown>;
}

/** Reads DIR/manifest.json; UsageError when DIR is not a generated design. */
export function readDesign(dir: string): DesignConfig {
  const manifest = join(dir, MANIFEST);
  const where = `--design ${dir}`;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${where}: no such folder; give the folder generate wrote (it holds ${MANIFEST})`);
  if (!existsSync(manifest)) throw new UsageError(`${where}: the folder has no ${MANIFEST}; give the folder generate wrote`);
  let m: { generator?: unknown; config?: unknown };
  try {
    m = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch {
    throw new UsageError(`${where}: ${manifest} is not JSON; give the folder generate wrote`);
  }
  if (typeof m?.generator !== 'string' || !m.generator.startsWith('iterl2norm') || typeof m.config !== 'object' || m.config === null) {
    throw new UsageError(`${where}: ${manifest} is not a manifest written by iterl2norm generate (no generator or config)`);
  }
  return { manifest, record: m.config as Record<string, unknown> };
}

/** A record value as the flag takes it (`add=2,mul=0,convert=0`, `1e-5`). */
function flagText(key: string, value: unknown): string {
  if (key === 'pipeline') return formatPipeline(value as OperatorLatency);
  return String(value);
}

/** Record key of a flag: `init-bits` -> `initBits`. */
const keyOf = (flag: string) => flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * argv with every config option the user did not type taken from the design (the typed ones
 * stay, to be compared after resolution).
 */
export function argvWithDesign(argv: Record<string, unknown>, design: DesignConfig, typed: ReadonlySet<string>): Record<string, unknown> {
  const r = design.record;
  const runtime = r.dMax !== undefined && r.dMax !== null;
  if (typed.has('d') && runtime) throw new UsageError(`--d ${String(argv.d)} contradicts --design: the design is --d-max ${String(r.dMax)} (${design.manifest}); leave out --d`);
  if (typed.has('d-max') && !runtime) throw new UsageError(`--d-max ${String(argv['d-max'])} contradicts --design: the design is --d ${String(r.d)} (${design.manifest}); leave out --d-max`);
  const next: Record<string, unknown> = { ...argv };
  const fill = (flag: string, value: unknown) => {
    if (!typed.has(flag) && value !== undefined && value !== null) next[flag] = flagText(keyOf(flag), value);
  };
  if (runtime) fill('d-max', r.dMax);
  else fill('d', r.d);
  for (const flag of ['format', 'internal', 'lanes', 'steps', 'rule', 'init', 'mode', 'affine', 'eps', 'input-shift', 'engine', 'interface', 'buffer-beats', 'out-format', 'out-scale']) fill(flag, r[keyOf(flag)]);
  if (r.residualSum !== undefined && r.residualSum !== null) {
    if (!typed.has('residual')) next.residual = true;
    fill('residual-sum', r.residualSum);
  }
  if (r.rule === 'euler') fill('lambda', r.lambda);
  if (r.init === 'table') fill('init-bits', r.initBits);
  if (!PIPELINING.some((f) => typed.has(f))) fill('pipeline', r.pipeline);
  return next;
}

/** Keys of configRecord whose values differ (targetDepth aside: the registers are compared). */
export function differingKeys(cfg: MacroConfig, record: Record<string, unknown>): string[] {
  const mine = configRecord(cfg);
  return Object.keys(mine).filter((k) => k !== 'targetDepth' && JSON.stringify(mine[k]) !== JSON.stringify(record[k] ?? null));
}

/** A typed option that makes the configuration differ from the design: exit 2, both values named. */
export function checkAgrees(cfg: MacroConfig, design: DesignConfig): void {
  const keys = differingKeys(cfg, design.record);
  if (keys.length === 0) return;
  const k = keys[0]!;
  const mine = configRecord(cfg)[k];
  throw new UsageError(`${flagOf(k)} ${flagText(k, mine)} contradicts --design: the design has ${flagOf(k)} ${flagText(k, design.record[k])} (${design.manifest}); leave out ${flagOf(k)} or give the design's value`);
}

/**
 * golden without --design: a warning line when the folder of --in or --out holds a design whose
 * configuration differs from golden's (the model would not match that design's outputs).
 */
export function designBesideWarning(cfg: MacroConfig, paths: Array<string | undefined>): string | undefined {
  const dirs = [...new Set(paths.filter((p): p is string => p !== undefined && p !== '-').map((p) => dirname(p)))];
  for (const dir of dirs) {
    let design: DesignConfig;
    try {
      design = readDesign(dir);
    } catch {
      continue;
    }
    const keys = differingKeys(cfg, design.record);
    if (keys.length > 0) {
      return `${design.manifest} describes a design whose ${keys.map(flagOf).join(', ')} differ${keys.length === 1 ? 's' : ''} from this configuration: its outputs will not match these; give --design ${dir} to follow the design`;
    }
  }
  return undefined;
}
