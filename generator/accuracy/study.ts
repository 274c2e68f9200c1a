/**
 * An accuracy study: sections of (formats x widths x distributions x vectors) with the
 * methods to compare, cut into tasks (a few vectors of one format, width and distribution),
 * run in-process or on worker threads, and merged in task order, so the result depends only
 * on the plan (seed included), never on the number of workers or the order they finish in.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { parseFormat } from '../format/float-format.ts';
import { exactReference } from '../model/exact-reference.ts';
import { type Distribution, FILE_DISTRIBUTION, makeVector } from './distributions.ts';
import { type Stats, addVector, emptyStats, mergeStats, vectorMetrics } from './metrics.ts';
import { CompiledMethods, type MethodSpec } from './methods.ts';

export interface Section {
  id: string;
  title: string;
  formats: string[];
  widths: number[];
  dists: string[];
  /** Vectors per (format, width, distribution); for the file distribution, all of the file's. */
  vectors: number;
  /** Methods per format name. */
  methods: Record<string, MethodSpec[]>;
}

export interface VectorFile {
  path: string;
  format: string;
  d: number;
  vectors: number[][];
}

export interface StudyPlan {
  seed: string;
  lanes: number;
  sections: Section[];
  file?: VectorFile;
}

export interface Task {
  section: number;
  format: string;
  d: number;
  dist: string;
  v0: number;
  v1: number;
  /** Work units (elements x output passes), for the progress bar. */
  units: number;
}

export interface TaskResult {
  keys: string[];
  stats: Stats[];
  skipped: number;
  exactPath: number;
}

export interface ResultRow {
  section: string;
  format: string;
  d: number;
  dist: string;
  method: string;
  stats: Stats;
}

export interface StudyResult {
  plan: StudyPlan;
  rows: ResultRow[];
  /** Vectors without a norm (non-finite or all-zero, from a file) that were skipped. */
  skipped: number;
  /** Reference elements decided by the exact BigInt path. */
  exactPath: number;
  elements: number;
}

/** Elements per task: small enough to balance two workers, large enough to amortise messages. */
const TASK_ELEMENTS = 24576;

function vectorCount(plan: StudyPlan, s: Section, dist: string): number {
  return dist === FILE_DISTRIBUTION ? plan.file!.vectors.length : s.vectors;
}

export function studyTasks(plan: StudyPlan): Task[] {
  const tasks: Task[] = [];
  plan.sections.forEach((s, si) => {
    for (const format of s.formats) {
      const fmt = parseFormat(format);
      for (const d of s.widths) {
        const cost = new CompiledMethods(fmt, d, plan.lanes, s.methods[format]!).outputsPerVector + 2;
        for (const dist of s.dists) {
          const n = vectorCount(plan, s, dist);
          const per = Math.max(1, Math.floor(TASK_ELEMENTS / d));
          for (let v0 = 0; v0 < n; v0 += per) {
            const v1 = Math.min(n, v0 + per);
            tasks.push({ section: si, format, d, dist, v0, v1, units: (v1 - v0) * d * cost });
          }
        }
      }
    }
  });
  return tasks;
}

/** Compiled methods per plan (a worker keeps one plan; in-process runs may use several). */
const compiledCache = new WeakMap<StudyPlan, Map<string, CompiledMethods>>();

/** Runs one task; `onVector` is told the units of every finished vector. */
export function runTask(plan: StudyPlan, task: Task, onVector?: (units: number) => void): TaskResult {
  const s = plan.sections[task.section]!;
  const fmt = parseFormat(task.format);
  const key = `${task.section}/${task.format}/${task.d}`;
  let cache = compiledCache.get(plan);
  if (!cache) {
    cache = new Map();
    compiledCache.set(plan, cache);
  }
  let compiled = cache.get(key);
  if (!compiled) {
    if (cache.size > 32) cache.clear();
    compiled = new CompiledMethods(fmt, task.d, plan.lanes, s.methods[task.format]!);
    cache.set(key, compiled);
  }
  const stats = compiled.keys.map(() => emptyStats());
  let skipped = 0;
  let exactPath = 0;
  const perVector = task.units / (task.v1 - task.v0);
  for (let v = task.v0; v < task.v1; v++) {
    const x = task.dist === FILE_DISTRIBUTION ? plan.file!.vectors[v]! : makeVector(task.dist as Distribution, fmt, plan.seed, task.d, v);
    const ref = exactReference(fmt, x);
    if (!ref.finite) {
      skipped++;
      onVector?.(perVector);
      continue;
    }
    exactPath += ref.exactPath;
    const outs = compiled.evaluate(x, ref.bits);
    compiled.keys.forEach((k, i) => {
      addVector(stats[i]!, vectorMetrics(fmt, outs.get(k)!, ref.bits, ref.value), task.d, { dist: task.dist, d: task.d, vector: v });
    });
    onVector?.(perVector);
  }
  return { keys: compiled.keys, stats, skipped, exactPath };
}

export interface RunOptions {
  /** Worker threads; 0 runs in this thread. Default: min(2, available cores). */
  workers?: number;
  /** Called with (units done, units total) as vectors finish. */
  onProgress?: (done: number, total: number) => void;
}

export function defaultWorkers(): number {
  return Math.min(2, availableParallelism());
}

/** Runs every task and merges the results in task order. */
export async function runStudy(plan: StudyPlan, opts: RunOptions = {}): Promise<StudyResult> {
  const tasks = studyTasks(plan);
  const total = tasks.reduce((a, t) => a + t.units, 0);
  let done = 0;
  const progress = (u: number) => {
    done += u;
    opts.onProgress?.(done, total);
  };
  const workers = Math.min(opts.workers ?? defaultWorkers(), tasks.length);
  const results: TaskResult[] = new Array(tasks.length);
  if (workers <= 0) {
    tasks.forEach((t, i) => {
      results[i] = runTask(plan, t, progress);
    });
  } else {
    await runOnWorkers(plan, tasks, workers, results, progress);
  }
  return mergeResults(plan, tasks, results);
}

function runOnWorkers(plan: StudyPlan, tasks: Task[], count: number, results: TaskResult[], progress: (u: number) => void): Promise<void> {
  const entry = new URL('./worker-thread.mjs', import.meta.url);
  return new Promise((resolvePromise, reject) => {
    let next = 0;
    let finished = 0;
    let failed = false;
    const pool: Worker[] = [];
    const stopAll = () => {
      for (const w of pool) void w.terminate();
    };
    const feed = (w: Worker) => {
      if (next < tasks.length) {
        const index = next++;
        w.postMessage({ type: 'task', index, task: tasks[index] });
      }
    };
    for (let i = 0; i < count; i++) {
      const w = new Worker(entry, { workerData: { plan } });
      pool.push(w);
      w.on('message', (msg: { type: string; index: number; units: number; result: TaskResult }) => {
        if (msg.type === 'progress') progress(msg.units);
        else if (msg.type === 'result') {
          results[msg.index] = msg.result;
          finished++;
          if (finished === tasks.length) {
            stopAll();
            resolvePromise();
          } else feed(w);
        }
      });
      const fail = (e: Error) => {
        if (!failed && finished < tasks.length) {
          failed = true;
          stopAll();
          reject(e);
        }
      };
      w.on('error', fail);
      w.on('exit', (code) => fail(new Error(`accuracy worker thread stopped (exit code ${code}) before the study finished`)));
      w.on('online', () => feed(w));
    }
  });
}

function mergeResults(plan: StudyPlan, tasks: Task[], results: TaskResult[]): StudyResult {
  const merged = new Map<string, ResultRow>();
  let skipped = 0;
  let exactPath = 0;
  let elements = 0;
  tasks.forEach((t, i) => {
    const r = results[i]!;
    skipped += r.skipped;
    exactPath += r.exactPath;
    const section = plan.sections[t.section]!.id;
    r.keys.forEach((method, k) => {
      const key = `${section}|${t.format}|${t.d}|${t.dist}|${method}`;
      const row = merged.get(key);
      if (row) row.stats = mergeStats(row.stats, r.stats[k]!);
      else merged.set(key, { section, format: t.format, d: t.d, dist: t.dist, method, stats: r.stats[k]! });
    });
    if (r.keys.length > 0) elements += r.stats[0]!.elements;
  });
  return { plan, rows: [...merged.values()], skipped, exactPath, elements };
}

/** Rows of a section and format (all widths, distributions and methods). */
export function rowsOf(res: StudyResult, section: string, format?: string): ResultRow[] {
  return res.rows.filter((r) => r.section === section && (format === undefined || r.format === format));
}

/** The stats of a method merged over the given widths and distributions (in row order). */
export function combined(res: StudyResult, section: string, format: string, method: string, filter: { d?: number; dist?: string } = {}): Stats {
  let s = emptyStats();
  for (const r of res.rows) {
    if (r.section !== section || r.format !== format || r.method !== method) continue;
    if (filter.d !== undefined && r.d !== filter.d) continue;
    if (filter.dist !== undefined && r.dist !== filter.dist) continue;
    s = mergeStats(s, r.stats);
  }
  return s;
}
