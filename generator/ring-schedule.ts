/**
 * A cycle model of the line-rate engine's ring of beats (l2, rms; templates/top/linerate/ring.v.hbs
 * and output.v.hbs), edge by edge, for a stream of vectors offered back to back with out_ready
 * held high. It predicts each vector's first input edge and last output edge exactly (the
 * co-simulation checks every one), and it measures what a stream needs: the most beats and the
 * most vectors the ring holds at once.
 *
 * The rules it follows are the RTL's:
 *   input   a beat is taken when the ring holds fewer than `beats` beats; a vector's first beat
 *           also needs a free vector entry (fewer than `entries` vectors in flight) and B > h,
 *           where h is loaded with T - 1 on the edge of the previous vector's last beat and
 *           counts down to 0: the lane tree and the scalar unit see last beats T or more apart.
 *   factor  a vector's first store read may be issued `readLag` edges after its last beat
 *           (square, accumulate, tree, loop, hand-off): then it is at the head of the queue.
 *   output  the store is read a beat an edge, vector after vector, in order; a beat's place is
 *           free on the edge of its read; the vector's last beat is accepted `outLag` edges after
 *           its last read.
 */

export interface RingSchedule {
  /** T: the fewest edges between the last beats of consecutive vectors. */
  readonly T: number;
  /** Edges from a vector's last input beat to its first store read, when it is not queued. */
  readonly readLag: number;
  /** Edges from a vector's last store read to the acceptance of its last output beat. */
  readonly outLag: number;
  /** Ring depth in beats, and vector entries (Infinity: unbounded, to measure a stream's need). */
  readonly beats: number;
  readonly entries: number;
}

export interface RingTimeline {
  /** Per vector: the edge taking its first beat, its last beat, and accepting its last output beat. */
  readonly first: number[];
  readonly lastIn: number[];
  readonly lastOut: number[];
  /** Per vector: edges its first store read waited behind earlier vectors' reads. */
  readonly queued: number[];
  /** The most beats held on an edge that writes one (the written one included): the depth the stream needs. */
  readonly needBeats: number;
  /** The most vectors in flight on an edge that takes a first beat (that one included). */
  readonly needEntries: number;
}

/** Runs the stream of vectors of `beats[i]` beats through the schedule. */
export function simulateRing(s: RingSchedule, beats: readonly number[]): RingTimeline {
  const n = beats.length;
  const first: number[] = [], lastIn: number[] = [], lastOut: number[] = [], queued: number[] = [];
  const readyAt: number[] = [];
  let j = 0, k = 0, h = 0, held = 0, used = 0;
  let rv = 0, rb = 0, reading = false;   // the vector being read and its next beat
  let needBeats = 0, needEntries = 0;
  for (let c = 0; rv < n; c++) {
    if (c > 1e8) throw new Error('ring schedule: no progress');
    // Every decision on edge c uses the registers' values before it.
    const isFirst = k === 0;
    const fire = j < n && held < s.beats && (!isFirst || (used < s.entries && beats[j]! > h));
    let rd = false;
    if (reading) rd = true;
    else if (rv < lastIn.length && readyAt[rv]! <= c) {
      rd = true;
      reading = true;
      queued[rv] = c - readyAt[rv]!;
    }
    if (fire) {
      needBeats = Math.max(needBeats, held + 1);
      if (isFirst) { needEntries = Math.max(needEntries, used + 1); first[j] = c; }
    }
    // The edge.
    let nh = h > 0 ? h - 1 : 0;
    if (fire) {
      held++;
      if (isFirst) used++;
      k++;
      if (k === beats[j]) {
        lastIn[j] = c;
        readyAt[j] = c + s.readLag;
        nh = s.T - 1;
        j++;
        k = 0;
      }
    }
    h = nh;
    if (rd) {
      held--;
      rb++;
      if (rb === beats[rv]) {
        used--;
        lastOut[rv] = c + s.outLag;
        rv++;
        rb = 0;
        reading = false;
      }
    }
  }
  return { first, lastIn, lastOut, queued, needBeats, needEntries };
}
