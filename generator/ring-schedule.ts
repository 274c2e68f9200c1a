/**
 * A cycle model of the line-rate engine's rings of beats (templates/top/linerate/ring.v.hbs and
 * output.v.hbs), edge by edge, for a stream of vectors offered back to back with out_ready held
 * high. It predicts each vector's first input edge and last output edge exactly (the
 * co-simulation checks every one), and it measures what a stream needs: the most beats and the
 * most vectors the rings hold at once.
 *
 * The rules it follows are the RTL's:
 *   input   a beat is taken when the (first) ring holds fewer than `beats` beats; a vector's first
 *           beat also needs a free vector entry (fewer than `entries` vectors in flight), h <
 *           `treeFree` when the trees run on the lane adders, and B > h,
 *           where h is loaded with T - 1 on the edge of the previous vector's last beat and
 *           counts down to 0: the lane tree and the scalar unit see last beats T or more apart.
 *   pass 2  (LayerNorm, `pass2`) a vector's second pass may start `pass2.lag` edges after its last
 *           beat (the sum tree and the mean), in order, when the previous pass has ended and
 *           B > h2 (h2: as h, loaded on a pass's last read); it reads a beat of the first ring an
 *           edge while the second ring (`pass2.beats` deep) has room, and puts it there. With
 *           `pass2.shared` (one ring, below two vectors' beats) the second pass reads the one ring
 *           through the output's read port: it reads on an edge where the output does not (the
 *           output first), and a beat stays in the ring until its output read.
 *   factor  a vector's first output read may be issued `readLag` edges after its last beat (l2,
 *           rms) or its last second-pass read (LayerNorm): then it is at the head of the queue.
 *   output  the (last) ring is read a beat an edge, vector after vector, in order; a beat's place
 *           is free on the edge of its read; the vector's last beat is accepted `outLag` edges
 *           after its last read; its vector entry is free on that read.
 * `ringStep` is one edge of these rules, shared by the stream model (`simulateRing`) and the
 * exhaustive search of every stream (ring-search.ts).
 */

export interface RingSchedule {
  /** T: the fewest edges between the last beats of consecutive vectors (and between the ends of their second passes). */
  readonly T: number;
  /** Edges from a vector's last input beat (LayerNorm: last second-pass read) to its first output read, when it is not queued. */
  readonly readLag: number;
  /** Edges from a vector's last output read to the acceptance of its last output beat. */
  readonly outLag: number;
  /** Depth in beats of the ring the input writes, and vector entries (Infinity: unbounded, to measure a stream's need). */
  readonly beats: number;
  readonly entries: number;
  /** LayerNorm: edges from a vector's last beat to its second pass's first read (not queued), and the depth of the second ring. */
  readonly pass2?: { readonly lag: number; readonly beats: number; readonly shared?: boolean } | null;
  /**
   * The trees on the lane adders (the smallest buffer): a vector's first beat also needs h <
   * treeFree, and a second pass's first read h2 < treeFreeB (T minus the tree's cycles), so that
   * it reaches the lane adders after the previous vector's tree has ended.
   */
  readonly treeFree?: number;
  readonly treeFreeB?: number;
}

/** A vector waiting for a reader: its beats, the edges until it may be read (at most 0: ready, minus the wait so far), what it waited before. */
export interface RingPending { beats: number; readyIn: number; waited: number }

/** The state of the rings between edges. */
export interface RingState {
  h: number;
  /** Beats of the vector being taken. */
  k: number;
  /** LayerNorm: vectors whose second pass has not ended, beats of the head read, its counter. */
  p2: RingPending[];
  pb: number;
  h2: number;
  /** Vectors whose output has not been read, beats of the head read. */
  out: RingPending[];
  rb: number;
  /** Kept beside the lists (they follow from them): beats in the first and the second ring, vectors in flight. */
  heldA: number;
  heldB: number;
  used: number;
}

export const emptyRingState = (): RingState => ({ h: 0, k: 0, p2: [], pb: 0, h2: 0, out: [], rb: 0, heldA: 0, heldB: 0, used: 0 });

function copyList(l: readonly RingPending[]): RingPending[] {
  const out: RingPending[] = [];
  for (let i = 0; i < l.length; i++) out.push({ beats: l[i]!.beats, readyIn: l[i]!.readyIn, waited: l[i]!.waited });
  return out;
}

export function copyRingState(s: RingState): RingState {
  return { h: s.h, k: s.k, p2: copyList(s.p2), pb: s.pb, h2: s.h2, out: copyList(s.out), rb: s.rb, heldA: s.heldA, heldB: s.heldB, used: s.used };
}

/** What one edge did. */
export interface RingEdge {
  /** A beat taken (and it was its vector's first / last), with the beats the first ring held on it (the taken one included). */
  fire: boolean; first: boolean; lastIn: boolean; heldA: number; used: number;
  /** A second-pass read, with the beats the second ring held on it (that one included). */
  p2rd: boolean; heldB: number;
  /** An output read; a vector's first output read, its whole wait; the last output read of a vector. */
  rd: boolean; rdStart: boolean; waited: number; lastRead: boolean;
}

/** The record ringStep returns, reused from edge to edge (the models run millions of edges). */
const edge: RingEdge = { fire: false, first: false, lastIn: false, heldA: 0, used: 0, p2rd: false, heldB: 0, rd: false, rdStart: false, waited: 0, lastRead: false };

/**
 * One edge: `offer` is the length in beats of the vector offered at the input (null: none).
 * Mutates `s`; the record it returns is valid until the next call.
 */
export function ringStep(sch: RingSchedule, s: RingState, offer: number | null): RingEdge {
  const layer = sch.pass2 != null;
  // Every decision on the edge uses the registers' values before it.
  const heldA = s.heldA, heldB = s.heldB, used = s.used;
  const isFirst = s.k === 0;
  const fire = offer !== null && heldA < sch.beats && (!isFirst || (used < sch.entries && offer > s.h && s.h < (sch.treeFree ?? Infinity)));
  const rd = s.out.length > 0 && (s.rb > 0 || s.out[0]!.readyIn <= 0);
  const shared = layer && sch.pass2!.shared === true;
  let p2rd = false;
  if (layer) {
    // the second ring has room; one shared ring: the read port is not the output's on this edge
    const room = shared ? !rd : heldB < sch.pass2!.beats;
    if (s.pb > 0) p2rd = room;
    else if (s.p2.length > 0 && s.p2[0]!.readyIn <= 0 && s.p2[0]!.beats > s.h2 && s.h2 < (sch.treeFreeB ?? Infinity) && room) {
      p2rd = true;
      s.p2[0]!.waited = -s.p2[0]!.readyIn;
    }
  }
  const rdStart = rd && s.rb === 0;
  const waited = rdStart ? s.out[0]!.waited - s.out[0]!.readyIn : 0;
  // The edge.
  let lastIn = false, lastRead = false;
  let nh = s.h > 0 ? s.h - 1 : 0;
  if (fire) {
    s.k++;
    s.heldA++;
    if (isFirst) s.used++;
    if (s.k === offer) {
      lastIn = true;
      (layer ? s.p2 : s.out).push({ beats: offer, readyIn: layer ? sch.pass2!.lag : sch.readLag, waited: 0 });
      nh = sch.T - 1;
      s.k = 0;
    }
  }
  s.h = nh;
  if (layer) {
    let nh2 = s.h2 > 0 ? s.h2 - 1 : 0;
    if (p2rd) {
      s.pb++;
      if (!shared) {
        s.heldA--;
        s.heldB++;
      }
      if (s.pb === s.p2[0]!.beats) {
        const v = s.p2.shift()!;
        s.out.push({ beats: v.beats, readyIn: sch.readLag, waited: v.waited });
        nh2 = sch.T - 1;
        s.pb = 0;
      }
    }
    s.h2 = nh2;
  }
  if (rd) {
    s.rb++;
    if (layer && !shared) s.heldB--;
    else s.heldA--;
    if (s.rb === s.out[0]!.beats) { s.out.shift(); s.rb = 0; s.used--; lastRead = true; }
  }
  // readyIn counts to the next edge; below 0 it is the wait so far of a vector that is ready but
  // not yet read (at most the queueing bound: the states are finite).
  for (let i = 0; i < s.p2.length; i++) s.p2[i]!.readyIn--;
  for (let i = 0; i < s.out.length; i++) s.out[i]!.readyIn--;
  edge.fire = fire; edge.first = fire && isFirst; edge.lastIn = lastIn; edge.heldA = heldA + 1; edge.used = used + 1;
  edge.p2rd = p2rd; edge.heldB = heldB + 1; edge.rd = rd; edge.rdStart = rdStart; edge.waited = waited; edge.lastRead = lastRead;
  return edge;
}

export interface RingTimeline {
  /** Per vector: the edge taking its first beat, its last beat, and accepting its last output beat. */
  readonly first: number[];
  readonly lastIn: number[];
  readonly lastOut: number[];
  /** Per vector: edges it waited behind earlier vectors (second pass and output together). */
  readonly queued: number[];
  /** The most beats the first ring held on an edge that writes one (the written one included): the depth the stream needs. */
  readonly needBeats: number;
  /** LayerNorm: the same for the second ring (0 otherwise). */
  readonly needBeatsB: number;
  /** The most vectors in flight on an edge that takes a first beat (that one included). */
  readonly needEntries: number;
}

/** Runs the stream of vectors of `beats[i]` beats through the schedule. */
export function simulateRing(sch: RingSchedule, beats: readonly number[]): RingTimeline {
  const n = beats.length;
  const first: number[] = [], lastIn: number[] = [], lastOut: number[] = [], queued: number[] = [];
  const s = emptyRingState();
  let j = 0, rv = 0, needBeats = 0, needBeatsB = 0, needEntries = 0;
  for (let c = 0; rv < n; c++) {
    if (c > 1e8) throw new Error('ring schedule: no progress');
    const e = ringStep(sch, s, j < n ? beats[j]! : null);
    if (e.fire) {
      needBeats = Math.max(needBeats, e.heldA);
      if (e.first) { needEntries = Math.max(needEntries, e.used); first[j] = c; }
      if (e.lastIn) lastIn[j++] = c;
    }
    if (e.p2rd) needBeatsB = Math.max(needBeatsB, e.heldB);
    if (e.rdStart) queued[rv] = e.waited;
    if (e.lastRead) lastOut[rv++] = c + sch.outLag;
  }
  return { first, lastIn, lastOut, queued, needBeats, needBeatsB, needEntries };
}
