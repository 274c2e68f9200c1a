/**
 * Where the weights come from (`iterl2norm slanc --model PATH`):
 * - a `.safetensors` file;
 * - a directory: every `*.safetensors` file in it (a sharded Hugging Face checkpoint, the
 *   shards' tensor names merged) and every `*.npy` file, whose tensor name is the file name
 *   without `.npy` (e.g. `model.decoder.layers.0.fc1.weight.npy`). A name found twice is an
 *   error. The directory's `config.json`, if any, is read for the attention head count and
 *   the OPT pre-/post-LayerNorm flag.
 * Tensors are read lazily, one at a time.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.ts';
import { readNpy } from './npy.ts';
import { SafetensorsFile } from './safetensors.ts';
import type { Tensor } from './tensor.ts';

export interface TensorSource {
  /** The path given. */
  readonly path: string;
  names(): string[];
  has(name: string): boolean;
  read(name: string): Tensor;
  /** The checkpoint's config.json, parsed, if there is one. */
  readonly config: Record<string, unknown> | undefined;
}

function readConfig(dir: string): Record<string, unknown> | undefined {
  const file = join(dir, 'config.json');
  if (!existsSync(file)) return undefined;
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
}

export function openModel(path: string): TensorSource {
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    throw new UsageError(`--model ${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const where = new Map<string, { read: () => Tensor; from: string }>();
  const add = (name: string, from: string, read: () => Tensor) => {
    const prev = where.get(name);
    if (prev) throw new UsageError(`--model ${path}: tensor "${name}" is in both ${prev.from} and ${from}`);
    where.set(name, { read, from });
  };
  let configDir: string;
  if (stat.isDirectory()) {
    const files = readdirSync(path).sort();
    for (const f of files) {
      const full = join(path, f);
      if (f.endsWith('.safetensors')) {
        const st = SafetensorsFile.open(full);
        for (const name of st.names()) add(name, f, () => st.read(name));
      } else if (f.endsWith('.npy')) {
        const name = f.slice(0, -'.npy'.length);
        add(name, f, () => readNpy(full, name));
      }
    }
    if (where.size === 0) throw new UsageError(`--model ${path}: no .safetensors or .npy files in the directory`);
    configDir = path;
  } else if (path.endsWith('.safetensors')) {
    const st = SafetensorsFile.open(path);
    for (const name of st.names()) add(name, basename(path), () => st.read(name));
    configDir = dirname(path);
  } else if (path.endsWith('.npy')) {
    throw new UsageError(`--model ${path}: give the directory that holds the .npy files (one tensor per file, named <tensor name>.npy)`);
  } else {
    throw new UsageError(`--model ${path}: expected a .safetensors file or a directory of .safetensors / .npy files`);
  }
  const config = readConfig(configDir);
  return {
    path,
    config,
    names: () => [...where.keys()],
    has: (name) => where.has(name),
    read: (name) => {
      const w = where.get(name);
      if (!w) throw new UsageError(`--model ${path}: no tensor "${name}"`);
      return w.read();
    },
  };
}
