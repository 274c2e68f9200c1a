/**
 * Yosys' full log (`synth --yosys-log FILE`): every Yosys run of one command appends its log,
 * each line stamped with the seconds since logging started, so that a long synthesis (a 16-lane
 * design mapped to a library at a tight period runs for tens of minutes) shows where it is and,
 * afterwards, where the time went (ABC's own lines, "ABC: ...", are in it).
 *
 * Without a sink Yosys runs quiet (`-q`) and its log stays in its in-memory file system, read
 * only when a run fails (synth/synth.ts). With one, `-q` is dropped so that Yosys prints the log
 * on its standard output, which is passed to the sink as it comes. Where the text goes (written
 * through to a device or FIFO as it comes, or kept for the command's outputs) is the caller's.
 */

let sink: ((text: string) => void) | undefined;
let startedAt = 0n;
let runs = 0;

/** Starts (or, with undefined, stops) sending Yosys' log to `write`. */
export function setYosysLog(write: ((text: string) => void) | undefined): void {
  sink = write;
  startedAt = process.hrtime.bigint();
  runs = 0;
}

const stamp = () => `[${(Number(process.hrtime.bigint() - startedAt) / 1e9).toFixed(1).padStart(7)} s] `;

/**
 * The arguments, standard-output handler and end-of-run call for one Yosys run: unchanged, null
 * and nothing without a sink; otherwise without `-q`, a handler that stamps each complete line
 * and passes it on (null, a flush, passes nothing), and `finish` for a last line without newline.
 */
export function liveYosysLog(args: string[]): { args: string[]; stdout: ((bytes: Uint8Array | null) => void) | null; finish: () => void } {
  const write = sink;
  if (!write) return { args, stdout: null, finish: () => {} };
  runs++;
  write(`${stamp()}---- Yosys run ${runs} ----\n`);
  const decoder = new TextDecoder();
  let pending = '';
  const pass = (text: string) => {
    const lines = (pending + text).split('\n');
    pending = lines.pop()!;
    if (lines.length) write(lines.map((l) => `${stamp()}${l}\n`).join(''));
  };
  return {
    args: args.filter((a) => a !== '-q'),
    stdout: (bytes) => {
      if (bytes !== null) pass(decoder.decode(bytes, { stream: true }));
    },
    finish: () => {
      pass(`${decoder.decode()}${pending ? '\n' : ''}`);
    },
  };
}
