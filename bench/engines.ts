/**
 * The golden model against the inference engines' fused RMSNorm kernels (docs/engines.md): the
 * agreement of every output word, residual word and per-token scale with the references of
 * test/reference/ (vLLM, FlashInfer, TensorRT-LLM, the OCP MX rule), on seeded tokens shaped like
 * a transformer's hidden states. Prints a Markdown table.
 *
 *   npx tsx bench/engines.ts [--io bf16|fp16] [--d 256] [--tokens 64]
 *
 * The plain RMSNorm rows need only main. The residual and quantised rows need the golden model
 * of --residual (IterL2NormModel.trace with a residual vector, trace().res) and of --out-format
 * (generator/model/quantized.ts): until both are in this tree they print as pending
 * (test/reference/ours.ts is the one place that reaches them).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { describeAgreement } from '../test/reference/agreement.ts';
import { compareNorm, makeTokens } from '../test/reference/compare-engines.ts';
import { type Row, quantRows, quantiserRows, residualRows } from '../test/reference/compare-quant.ts';
import { ENGINE_EPS, ENGINE_LANES, oursAdapter } from '../test/reference/ours.ts';

const argv = yargs(hideBin(process.argv))
  .option('io', { choices: ['bf16', 'fp16'] as const, default: 'bf16' as const })
  .option('d', { type: 'number', default: 256 })
  .option('tokens', { type: 'number', default: 64 })
  .strict().parseSync();

const EPS = ENGINE_EPS;
const LANES = ENGINE_LANES;
/** The static scale of the static rows: 2^-4 puts |y| <= 28 inside fp8e4m3's 448. */
const STATIC_SCALE = 2 ** -4;

function printRows(title: string, rows: Row[]): void {
  console.log(`\n### ${title}\n`);
  console.log('| engine kernel | our options | words | per-token scales | out_res |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const scales = r.scales ? `${r.scales.equal} of ${r.scales.tokens} equal${r.scales.equal < r.scales.tokens ? `, worst ${r.scales.maxRel.toExponential(1)} relative` : ''}` : '';
    console.log(`| ${r.engine} | \`${r.ours}\` | ${describeAgreement(r.words)} | ${scales} | ${r.res ? describeAgreement(r.res) : ''} |`);
  }
}

const started = Date.now();
const tokens = makeTokens(argv.io, argv.d, argv.tokens, `engines-${argv.io}-${argv.d}`);
console.log(`${argv.io}, d ${argv.d}, ${argv.tokens} tokens, eps ${EPS}, gamma, ${LANES} lanes; static scale ${STATIC_SCALE}`);
const norm = compareNorm(tokens, EPS, LANES);
printRows('RMSNorm, no residual, I/O-format outputs', [
  { engine: 'vLLM rms_norm (CUDA)', ours: '--mode rms', words: norm.vllm },
  { engine: 'FlashInfer rmsnorm', ours: '--mode rms', words: norm.flashinfer },
]);
const ours = oursAdapter();
printRows('Residual add', residualRows(ours, tokens, EPS));
printRows('Fused norm and quantisation', quantRows(ours, tokens, EPS, STATIC_SCALE));
printRows('The quantiser alone, on our outputs', quantiserRows(ours, tokens, STATIC_SCALE));
console.log(`\n${((Date.now() - started) / 1000).toFixed(1)} s`);
