/**
 * Co-simulation of the AXI4-Stream wrapper (`--interface axis`): the parameters are written through
 * AXI4-Lite, the vectors go in as packets, every output beat (data, TKEEP, TLAST) is compared with
 * the golden model, every vector's latency with the wrapper's formula (generator/rtl/axis.ts), and
 * after the streams the status registers with the framing errors the run put in.
 * With `resetAfter`, phase 0's beats stream for that many cycles first, then aresetn is low for one
 * cycle: phase 0 must find the macro empty and the registers must show no framing error of it.
 *   phase 0: every vector; fixed d: back to back (latency and period checked); --d-max: one at a
 *            time (each latency checked: the packet buffer holds a packet until its TLAST, so back
 *            to back a packet would also wait for the one before it)
 *   phase 1: the first `stressCount` vectors, random TVALID gaps and TREADY stalls, with the bad
 *            packets of `framingFaults` among them; every output packet checked, bad ones included
 *            (fixed d: the padded or truncated vector's normalisation; --d-max: none)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MacroConfig } from '../generator/config.ts';
import { topModuleName } from '../generator/config.ts';
import { formatHex } from '../generator/format/float-format.ts';
import { type AffineParams, IterL2NormModel } from '../generator/model/iterl2norm.ts';
import { randomAffineParams } from '../generator/vectors/affine-params.ts';
import { configRecord, generate } from '../generator/rtl/generate.ts';
import { AXIL, axisLatency, axisLatencyAt, axisWidths, coreConfig, keepOf, shapeValue } from '../generator/rtl/axis.ts';
import { elaborate } from '../generator/plan.ts';
import { renderTemplate } from '../generator/rtl/render.ts';
import { closeWorkFolder, openWorkFolder, runBench, secondsSince } from './bench-run.ts';
import { type CosimOptions, type CosimReport, type FramingFault, type Mismatch, PHASES, paramsSeed } from './cosim-types.ts';

const MAX_MISMATCHES = 20;

interface Beat { last: boolean; keep: bigint; data: bigint }
/** One input packet and what must come out for it: a vector's words, or nothing (dropped). */
interface Packet { beats: Beat[]; expect: number[] | null; vector: number | null }

/** The beats of `words` (lanes past the end: junk the macro must ignore; TDATA's padding bits: ones). */
function beatsOf(cfg: MacroConfig, words: number[], nBeats: number, lastLanes: number | null, tdataBits: number): Beat[] {
  const P = cfg.lanes;
  const W = BigInt(cfg.format.width);
  const beats: Beat[] = [];
  for (let b = 0; b < nBeats; b++) {
    let data = 0n;
    for (let l = 0; l < P; l++) {
      const k = b * P + l;
      const word = k < words.length ? BigInt(words[k]) : (((1n << W) - 1n) ^ BigInt(l));
      data |= word << (BigInt(l) * W);
    }
    for (let bit = P * cfg.format.width; bit < tdataBits; bit++) data |= 1n << BigInt(bit);
    const last = b === nBeats - 1;
    beats.push({ last, keep: last && lastLanes !== null ? keepOf(cfg, lastLanes) : keepOf(cfg, P), data });
  }
  return beats;
}

/** A good packet of vector v. */
function goodPacket(cfg: MacroConfig, x: number[], expect: number[], v: number, tdataBits: number): Packet {
  const P = cfg.lanes;
  const B = Math.ceil(x.length / P);
  return { beats: beatsOf(cfg, x, B, x.length - (B - 1) * P, tdataBits), expect, vector: v };
}

/** A bad packet made of vector x's words, and what the macro gives for it (docs/axis.md). */
function badPacket(cfg: MacroConfig, fault: FramingFault, x: number[], model: IterL2NormModel, params: AffineParams, tdataBits: number): Packet {
  const P = cfg.lanes;
  const Bmax = Math.ceil(cfg.d / P);
  const cycled = (n: number) => Array.from({ length: n * P }, (_, k) => x[k % x.length]);
  if (!cfg.runtimeLength) {
    if (fault.kind === 'short') {
      if (Bmax < 2) throw new RangeError('cosim: a short packet needs a vector of two beats or more');
      const n = Math.floor(Bmax / 2);
      const padded = [...x.slice(0, n * P), ...new Array(cfg.d - n * P).fill(0)];
      return { beats: beatsOf(cfg, x.slice(0, n * P), n, null, tdataBits), expect: model.normalise(padded, params), vector: null };
    }
    if (fault.kind === 'long') {
      // the first B beats are the vector (its last beat's padding lanes junk), then two more
      const beats = [...beatsOf(cfg, x, Bmax, null, tdataBits), ...beatsOf(cfg, x, 2, null, tdataBits)];
      beats.forEach((b, i) => { b.last = i === beats.length - 1; });
      return { beats, expect: model.normalise(x, params), vector: null };
    }
    throw new RangeError(`cosim: the framing fault ${fault.kind} is for --d-max designs`);
  }
  if (fault.kind === 'long') return { beats: beatsOf(cfg, cycled(Bmax + 2), Bmax + 2, P, tdataBits), expect: null, vector: null };
  if (fault.kind === 'overlength') {
    if (Bmax * P === cfg.d) throw new RangeError('cosim: an overlength packet needs D not a multiple of the lanes');
    return { beats: beatsOf(cfg, cycled(Bmax), Bmax, P, tdataBits), expect: null, vector: null };
  }
  if (fault.kind === 'empty-last') {
    const beats = beatsOf(cfg, x, Math.ceil(x.length / P), null, tdataBits);
    beats[beats.length - 1].keep = 0n;
    return { beats, expect: null, vector: null };
  }
  throw new RangeError('cosim: a short packet is a framing fault of a fixed d only (with --d-max it is a shorter vector)');
}

const hexOf = (v: bigint, bits: number) => v.toString(16).padStart(Math.ceil(bits / 4), '0');

export function cosimAxis(opts: CosimOptions): CosimReport {
  const { cfg, vectors } = opts;
  const t0 = process.hrtime.bigint();
  const n = vectors.length;
  const core = coreConfig(cfg);
  const plan = elaborate(core);
  const rt = plan.runtime;
  for (const [v, x] of vectors.entries()) {
    if (rt ? x.length < 1 || x.length > cfg.d : x.length !== cfg.d) throw new RangeError(`cosim: vector ${v} has ${x.length} elements; this design takes ${rt ? `1..${cfg.d}` : cfg.d}`);
  }
  const nStress = Math.min(opts.stressCount ?? n, n);
  const work = openWorkFolder(opts.workDir);
  try {
    const design = generate(cfg, join(work, 'rtl'));
    if (opts.patchRtl) for (const f of design.files) writeFileSync(f, opts.patchRtl(f, readFileSync(f, 'utf8')));
    const tGen = secondsSince(t0);

    const t1 = process.hrtime.bigint();
    const model = new IterL2NormModel(cfg);
    const params: AffineParams = cfg.affine === 'none' ? {} : (opts.params ?? randomAffineParams(cfg, paramsSeed(opts.seed)));
    const expected = vectors.map((x) => model.normalise(x, params));
    const { tdata, tkeep } = axisWidths(cfg);
    const phase0 = vectors.map((x, v) => goodPacket(cfg, x, expected[v], v, tdata));
    const faults = [...(opts.framingFaults ?? [])].sort((a, b) => a.before - b.before);
    const phase1: Packet[] = [];
    for (let v = 0; v <= nStress; v++) {
      for (const f of faults.filter((f) => f.before === v)) phase1.push(badPacket(cfg, f, vectors[Math.min(v, n - 1)], model, params, tdata));
      if (v < nStress) phase1.push(goodPacket(cfg, vectors[v], expected[v], v, tdata));
    }
    const tGold = secondsSince(t1);

    const t2 = process.hrtime.bigint();
    const W = cfg.format.width;
    const P = cfg.lanes;
    const all = [...phase0, ...phase1];
    const beatBits = 1 + tkeep + tdata;
    writeFileSync(join(work, 'beats.hex'), all.flatMap((p) => p.beats.map((b) => hexOf((BigInt(b.last ? 1 : 0) << BigInt(tkeep + tdata)) | (b.keep << BigInt(tdata)) | b.data, beatBits))).join('\n') + '\n');
    writeFileSync(join(work, 'packets.hex'), all.map((p) => p.beats.length.toString(16)).join('\n') + '\n');
    // AXI4-Lite: the parameters beat by beat (staged lanes, then the commit), then the status
    const script: Array<[1 | 2, number, number]> = [];
    if (cfg.affine !== 'none') {
      for (let a = 0; a < plan.B; a++) {
        for (let j = 0; j < P; j++) {
          const i = a * P + j;
          const junk = ((1 << W) - 1) ^ j; // lanes past d: any value
          script.push([1, AXIL.gammaBase + 4 * j, i < cfg.d ? params.gamma![i] : junk]);
          if (cfg.affine === 'gamma-beta') script.push([1, AXIL.betaBase + 4 * j, i < cfg.d ? params.beta![i] : junk]);
        }
        script.push([1, AXIL.paramCommit, a]);
      }
    }
    const prologue = script.length;
    const epilogue: Array<[1 | 2, number, number]> = [
      [2, AXIL.id, 0], [2, AXIL.length, 0], [2, AXIL.shape, 0], [2, AXIL.status, 0], [2, AXIL.framingErrors, 0],
      [1, AXIL.status, 1], [2, AXIL.status, 0], [2, AXIL.framingErrors, 0],
      [1, AXIL.id, 0], [2, 0x0ffc, 0],
    ];
    script.push(...epilogue);
    writeFileSync(join(work, 'axil.hex'), script.map(([op, a, d]) => `${op.toString(16)}${a.toString(16).padStart(3, '0')}${(d >>> 0).toString(16).padStart(8, '0')}`).join('\n') + '\n');
    const tbName = 'tb';
    const pow2 = (x: number) => 2 ** Math.ceil(Math.log2(Math.max(2, x)));
    const nBeats = all.reduce((s, p) => s + p.beats.length, 0);
    writeFileSync(join(work, 'tb.v'), renderTemplate('tb/axis_testbench.v.hbs', {
      top: design.top, tbName, TDW: tdata, TKW: tkeep,
      beatCapacity: pow2(nBeats), packetCapacity: pow2(all.length), scriptCapacity: pow2(script.length),
      beatFile: 'beats.hex', packetFile: 'packets.hex', scriptFile: 'axil.hex', outFile: 'out.txt', logFile: 'log.txt',
      dumpFile: opts.waves ? `waves.${opts.waves}` : undefined,
    }));
    const outputs0 = phase0.length;
    const outputs1 = phase1.filter((p) => p.expect !== null).length;
    const latency = axisLatency(cfg);
    const budget = (all.length + 4) * (latency.cycles + 2 * plan.B + 16) * 8 + script.length * 20 + 10_000;
    const run = {
      files: [...design.files, join(work, 'tb.v')], top: tbName, workDir: work,
      plusargs: [
        `+seed=${opts.seed ?? 1}`, `+np0=${phase0.length}`, `+np1=${phase1.length}`, `+no0=${outputs0}`, `+no1=${outputs1}`,
        `+iso0=${rt && !opts.backToBack ? 1 : 0}`, `+nprologue=${prologue}`, `+nepilogue=${epilogue.length}`,
        `+gap=${opts.gapPercent ?? 30}`, `+stall=${opts.stallPercent ?? 30}`, `+budget=${budget}`, `+reset_after=${opts.resetAfter ?? 0}`,
      ],
      progress: { label: `simulation of ${n} vectors`, file: 'out.txt', bytes: (outputs0 + outputs1) * plan.B * (tdata / 4 + tkeep / 4 + 6) },
      dumpFst: opts.waves === 'fst', trace: opts.waves, timeoutSeconds: opts.timeoutSeconds ?? 900,
    };
    const simulator = opts.simulator ?? 'icarus';
    const { buildSeconds: tBuild, cached: buildCached } = runBench(simulator, run);
    const tSim = secondsSince(t2);

    const log = readFileSync(join(work, 'log.txt'), 'utf8').split('\n').filter((l) => l.length > 0);
    const protocolErrors = log.filter((l) => l.startsWith('E '));
    const failedVectors = new Set<number>();
    const failAll = () => { for (let v = 0; v < n; v++) failedVectors.add(v); };
    if (protocolErrors.length) failAll();

    // Output beats, phase by phase, against the expected packets in order.
    const mismatches: Mismatch[] = [];
    const miss = (m: Mismatch, v: number | null) => {
      if (v === null) failAll(); else failedVectors.add(v);
      if (mismatches.length < MAX_MISMATCHES) mismatches.push(m);
    };
    const outBeats = readFileSync(join(work, 'out.txt'), 'utf8').split('\n').filter((l) => l.length > 0).map((l) => {
      const [ph, last, keep, data] = l.split(' ');
      return { phase: Number(ph), last: last === '1', keep: BigInt(`0x${keep}`), data: /^[0-9a-f]+$/i.test(data) ? BigInt(`0x${data}`) : null };
    });
    [phase0, phase1].forEach((packets, p) => {
      const beats = outBeats.filter((b) => b.phase === p);
      let pos = 0;
      const expectedOut = packets.filter((pk) => pk.expect !== null);
      expectedOut.forEach((pk, q) => {
        const words = pk.expect!;
        const nb = Math.ceil(words.length / P);
        const tag = pk.vector ?? -1;
        for (let b = 0; b < nb; b++, pos++) {
          const got = beats[pos];
          const lanes = Math.min(P, words.length - b * P);
          if (!got) { miss({ vector: tag, element: b * P, phase: PHASES[p], expected: `output packet ${q} beat ${b}`, got: 'missing' }, pk.vector); return; }
          if (got.last !== (b === nb - 1)) miss({ vector: tag, element: b * P, phase: PHASES[p], expected: `TLAST ${b === nb - 1 ? 1 : 0}`, got: `TLAST ${got.last ? 1 : 0}` }, pk.vector);
          const keep = b === nb - 1 ? keepOf(cfg, lanes) : keepOf(cfg, P);
          if (got.keep !== keep) miss({ vector: tag, element: b * P, phase: PHASES[p], expected: `TKEEP ${keep.toString(16)}`, got: `TKEEP ${got.keep.toString(16)}` }, pk.vector);
          for (let l = 0; l < P; l++) {
            const want = l < lanes ? formatHex(cfg.format, words[b * P + l]) : formatHex(cfg.format, 0);
            const word = got.data === null ? 'x' : formatHex(cfg.format, Number((got.data >> BigInt(l * W)) & ((1n << BigInt(W)) - 1n)));
            if (word !== want) miss({ vector: tag, element: b * P + l, phase: PHASES[p], expected: want, got: word }, pk.vector);
          }
          if (got.data !== null && got.data >> BigInt(P * W) !== 0n) miss({ vector: tag, element: b * P, phase: PHASES[p], expected: 'TDATA padding bits 0', got: (got.data >> BigInt(P * W)).toString(16) }, pk.vector);
        }
      });
      if (beats.length > pos) miss({ vector: -1, element: 0, phase: PHASES[p], expected: `${pos} output beats`, got: `${beats.length}` }, null);
    });

    // Latency of every phase-0 vector; with a fixed d the period between first beats as well.
    const firstIn: number[] = [];
    const lastOut: number[] = [];
    for (const line of log) {
      const m = /^([IO]) 0 (\d+) (\d+)$/.exec(line);
      if (!m) continue;
      (m[1] === 'I' ? firstIn : lastOut)[Number(m[2])] = Number(m[3]);
    }
    const wrong: Array<{ vector: number; measured: number }> = [];
    const measured = vectors.map((_, v) => (firstIn[v] === undefined || lastOut[v] === undefined ? -1 : lastOut[v] - firstIn[v]));
    const queued = rt !== null && opts.backToBack === true; // later packets wait for earlier ones
    measured.forEach((c, v) => {
      if (queued && v > 0) return;
      if (c !== axisLatencyAt(cfg, vectors[v].length)) {
        failedVectors.add(v);
        wrong.push({ vector: v, measured: c });
      }
    });
    // fixed d: first input beats PERIOD apart; --d-max back to back: last output beats of two
    // vectors of one length max(B, T) apart
    let wrongPeriods = 0;
    let periods: number[] = [];
    if (!rt) {
      periods = firstIn.slice(1).map((t, i) => t - firstIn[i]);
      periods.forEach((p, i) => { if (p !== plan.period.cycles) { wrongPeriods++; failedVectors.add(i + 1); } });
    } else if (queued) {
      for (let v = 1; v < n; v++) {
        if (vectors[v].length !== vectors[v - 1].length) continue;
        const gap = lastOut[v] - lastOut[v - 1];
        periods.push(gap);
        if (gap !== Math.max(Math.ceil(vectors[v].length / P), plan.T)) { wrongPeriods++; failedVectors.add(v); }
      }
    }

    // The registers after the streams.
    const registers = log.map((l) => /^([RW]) ([0-9a-f]+) ([0-9a-fx]+) ([0-9a-fx]+)$/i.exec(l)).filter((m) => m !== null)
      .map((m) => ({ op: m[1] as 'R' | 'W', address: parseInt(m[2], 16), data: parseInt(m[3], 16), resp: parseInt(m[4], 16) }));
    const writes = registers.filter((r) => r.op === 'W');
    const reads = registers.filter((r) => r.op === 'R');
    const regErrors: string[] = [];
    writes.slice(0, prologue).forEach((w) => { if (w.resp !== 0) regErrors.push(`E register: the write of ${w.data.toString(16)} to 0x${w.address.toString(16)} got response ${w.resp}, not OKAY`); });
    const bad = faults.length;
    const wantReads = [
      [AXIL.id, AXIL.idValue, 0], [AXIL.length, cfg.d, 0], [AXIL.shape, shapeValue(cfg), 0], [AXIL.status, bad > 0 ? 1 : 0, 0], [AXIL.framingErrors, bad, 0],
      [AXIL.status, 0, 0], [AXIL.framingErrors, 0, 0], [0x0ffc, 0, 2],
    ];
    wantReads.forEach(([a, d, resp], i) => {
      const r = reads[i];
      if (!r || r.address !== a || r.data !== d || r.resp !== resp) regErrors.push(`E register: read ${i} of 0x${a.toString(16)}: expected ${d.toString(16)} (response ${resp}), got ${r ? `${Number.isNaN(r.data) ? 'x' : r.data.toString(16)} (response ${r.resp})` : 'nothing'}`);
    });
    const lastWrites = writes.slice(prologue);
    const wantWrites = [[AXIL.status, 0], [AXIL.id, 2]];
    wantWrites.forEach(([a, resp], i) => {
      const w = lastWrites[i];
      if (!w || w.address !== a || w.resp !== resp) regErrors.push(`E register: write ${i} after the streams, to 0x${a.toString(16)}: expected response ${resp}, got ${w ? w.resp : 'nothing'}`);
    });
    if (regErrors.length) failAll();
    protocolErrors.push(...regErrors);

    const valid = measured.filter((c) => c >= 0);
    const hex = (words: readonly number[] | undefined) => (words ?? []).map((w) => formatHex(cfg.format, w));
    return {
      top: topModuleName(cfg), simulator, config: configRecord(cfg), vectors: n,
      passed: n - failedVectors.size, failed: failedVectors.size, mismatches,
      protocolErrors: protocolErrors.slice(0, MAX_MISMATCHES),
      latency: {
        predicted: latency.cycles, formula: latency.formula,
        min: valid.length ? Math.min(...valid) : null, max: valid.length ? Math.max(...valid) : null,
        wrong: wrong.slice(0, MAX_MISMATCHES),
      },
      throughput: {
        predicted: plan.period.cycles, formula: plan.period.formula,
        min: periods.length ? Math.min(...periods) : null, max: periods.length ? Math.max(...periods) : null, wrong: wrongPeriods,
      },
      seconds: { generate: tGen, golden: tGold, simulate: tSim, build: tBuild, total: secondsSince(t0) },
      buildCached,
      params: cfg.affine === 'none' ? null : {
        source: opts.params ? 'given' : 'seeded random', seed: opts.params ? null : paramsSeed(opts.seed),
        gamma: hex(params.gamma), ...(cfg.affine === 'gamma-beta' ? { beta: hex(params.beta) } : {}),
      },
      outputs: expected,
      registers,
      waves: opts.waves ? readFileSync(join(work, `waves.${opts.waves}`)) : undefined,
    };
  } finally {
    closeWorkFolder(work, opts.workDir !== undefined);
  }
}
