/**
 * The properties `iterl2norm prove` states, as the harness (templates/formal/harness.v.hbs)
 * writes them: one `ifdef CHECK_<NAME>` block each, with named assertions.
 */
export interface StreamProperty {
  /** The name in reports and JSON. */
  readonly name: string;
  /** The harness's define that compiles its assertions. */
  readonly define: string;
  /** Its assertion labels in the harness (smtbmc names the failing one). */
  readonly assertions: readonly string[];
  /** Which bounded run checks it: stalls free, or out_ready held high. */
  readonly run: 'stream' | 'latency';
  readonly statement: string;
}

export const PROPERTIES: readonly StreamProperty[] = [
  {
    name: 'in-flight', define: 'CHECK_IN_FLIGHT', run: 'stream',
    assertions: ['in_flight_bounded', 'no_output_without_vector'],
    statement: 'vectors out never exceed vectors in (no output beat without a vector in flight), and at most slots + 2 vectors are in flight',
  },
  {
    name: 'order', define: 'CHECK_ORDER', run: 'stream',
    assertions: ['marked_vector_in_place', 'unmarked_vector_clean'],
    statement: 'a vector with a NaN or infinite element comes out, at its own place in the order of vectors, as NaN in every element, and no other vector shows a NaN or infinity: no vector is lost, duplicated or reordered',
  },
  {
    name: 'beats', define: 'CHECK_BEATS', run: 'stream',
    assertions: ['out_last_on_last_beat', 'padding_lanes_zero', 'tkeep_of_lanes', 'tdata_unused_zero'],
    statement: 'each vector has exactly B = ceil(d/P) output beats: out_last is high on its B-th beat and on no other; the padding lanes of that beat are zero (axis: TKEEP keeps every byte of the other beats and the bytes of the valid lanes of the last, the unused TDATA bits are zero)',
  },
  {
    name: 'hold', define: 'CHECK_HOLD', run: 'stream',
    assertions: ['output_held'],
    statement: 'out_valid, out_data and out_last hold while out_valid is high and out_ready low',
  },
  {
    name: 'reset', define: 'CHECK_RESET', run: 'stream',
    assertions: ['no_output_after_reset'],
    statement: 'after a reset no output beat comes until a new vector has gone in (with in-flight, order and beats: no vector from before the reset ever comes out)',
  },
  {
    name: 'latency', define: 'CHECK_LATENCY', run: 'latency',
    assertions: ['latency_bound'],
    statement: 'with out_ready held high, every vector\'s last output beat is accepted at most LATENCY - (B - 1) cycles after its last input beat (LATENCY from the manifest; without gaps in its input, within LATENCY of its first beat)',
  },
];

/** The property an assertion label belongs to. */
export function propertyOfAssertion(label: string): StreamProperty | undefined {
  return PROPERTIES.find((p) => p.assertions.includes(label));
}
