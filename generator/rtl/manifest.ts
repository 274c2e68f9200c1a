/**
 * The shape of `manifest.json`, written beside every generated design (docs/contract.md): what
 * the design is, its ports, its latency and throughput formulas, the engine and its memories.
 * Its own file so that the writers of the design folder and of the back-end bundles read the
 * type without importing the generator that builds it.
 */
import type { MacroConfig } from '../config.ts';
import type { OperatorLatency } from './depth-model.ts';

export interface PortInfo { name: string; direction: 'input' | 'output'; width: number; description: string }

export interface Manifest {
  top: string;
  generator: string;
  files: string[];
  config: Record<string, unknown>;
  ports: PortInfo[];
  latency: { cycles: number; formula: string; terms: Record<string, number>; definition: string; quantiser?: string };
  throughput: { cycles: number; formula: string; terms: Record<string, number>; definition: string };
  engine: EngineRecord;
  pipeline: {
    /** Pipeline registers inside each fp_add, fp_mul and fp_convert. */
    registers: OperatorLatency;
    /** The target they were chosen for (gate levels), or null when given explicitly / not asked for. */
    targetDepth: number | null;
    /** Depth model's estimate of the deepest operator stage (generic gate levels). */
    estimatedDepth: number;
    definition: string;
  };
  reset: string;
  /** stream: the core's ports; axis: the AXI4-Stream and AXI4-Lite wrapper (then `axis`). */
  interface: 'stream' | 'axis';
  axis?: AxisRecord;
  /** --residual: where h = x + r is rounded, the stored word, and what it costs in memory and cycles. */
  residual?: ResidualRecord;
  numerics: string;
  /** Every file generate wrote into the folder (so a later run can remove stale ones). */
  outputs?: string[];
}

export interface ResidualRecord {
  sum: 'io' | 'internal';
  /** The format of the words the vector memory stores (h). */
  storedFormat: string;
  storedWordBits: number;
  /** engine.vectorMemoryBits, and the same configuration's without a residual. */
  vectorMemoryBits: number;
  vectorMemoryBitsWithoutResidual: number;
  /** Cycles the adder adds to LATENCY and PERIOD (combinational: 0). */
  addedCycles: number;
  definition: string;
}

/** One memory instance (a <top>_vector_store an SRAM macro replaces): words x width, its ports. */
export interface MemoryRecord { instance: string; words: number; width: number; bits: number; ports: string; holds: string }

/** How the macro is organised: the engine, its vector slots and memory bits, the shared stages' occupancy. */
export interface EngineRecord {
  name: MacroConfig['engine'];
  /** Vector slots of the store (each a <top>_vector_store of B words of P x W bits); with a ring of beats, its vector entries. */
  slots: number;
  /** Beats the vector memory holds (the rings' depths; B for the smallest buffer, `--engine compact`). */
  bufferBeats: number;
  /** All vector memory, in bits (bufferBeats x P x W). */
  vectorMemoryBits: number;
  /** The per-vector queues kept in memories (more than 16 entries; in `memories`), in bits; 0 when they are flip-flops. */
  entryMemoryBits: number;
  /** Every memory instance, the parameter store included. */
  memories: MemoryRecord[];
  /** A ring of beats: its default depth, whether this one is below it, and the queueing bound. */
  ring: {
    defaultBeats: number; vectorEntries: number; belowDefault: boolean;
    queueBound: { cycles: number; formula: string; definition: string };
    readLag: number; definition: string;
  } | null;
  paramMemoryBits: number;
  /** Line rate: T, the cycles the lane tree and the scalar unit each hold a vector, with its formula. */
  occupancy: { cycles: number; formula: string; terms: Record<string, number> } | null;
  /** Line rate: the lane tree's own adders and its cycles. */
  tree: { adders: number; cycles: number } | null;
  definition: string;
}

/** The AXI4-Stream wrapper: bus widths, the AXI4-Lite register map, framing, the --d-max packet buffer. */
export interface AxisRecord {
  tdataBits: number;
  tkeepBits: number;
  axiLiteAddressBits: number;
  registers: Array<{ address: string; name: string; access: string; description: string }>;
  /** What the macro does with a bad packet. */
  framing: string;
  /** --d-max: the buffer that holds a packet until its TLAST (null with a fixed d). */
  packetBuffer: { ringBeats: number; memoryBits: number; queueRegisterBits: number; keepQueueRegisterBits: number; extraLatency: string; definition: string } | null;
}
