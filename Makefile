# The two commands of the README: `make demo` and `make test`. Both install what they need.
.PHONY: setup demo test test-long test-quick test-durations typecheck bench bench-long results clean

NPM_STAMP := node_modules/.install-stamp

setup: $(NPM_STAMP)
	@scripts/ensure-tools.sh

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# Generate and co-simulate the default configuration (d=768, bf16, 16 lanes), 200 vectors.
demo: setup
	npx iterl2norm cosim --d 768 --format bf16 --vectors 200

typecheck: $(NPM_STAMP)
	npx tsc --noEmit -p .

# The long sweeps and second opinions, outside the 5-minute suite: the core acceptance matrices
# (d x lanes x format, 200-vector streams), the synthesis check matrices, --d-max at 1024 and 4096,
# Verilator -Wall and Yosys checks of every option corner, co-simulation of every option corner,
# the AXI4-Stream wrapper's packet, framing-error and AXI4-Lite co-simulations,
# Icarus against Verilator word for word, the Verilator build cache, the formal proof behind
# AXI4-Stream, and the standard-cell flows in the test library. `make test-long` runs them (about
# 4 minutes on 2 cores); run it before a release and after a change to the engine or the flows.
LONG := test/cli/interrupt-synth.test.ts test/cosim/matrix-bf16-lanes1.test.ts test/cosim/matrix-bf16-lanes16.test.ts \
	test/cosim/matrix-fp32-lanes1.test.ts test/cosim/matrix-fp32-lanes16.test.ts \
	test/synth/matrix-bf16.test.ts test/synth/matrix-fp32.test.ts \
	test/cosim/runtime-length-large.test.ts test/rtl/acceptance.test.ts test/cosim/option-corners.test.ts \
	test/cosim/verilator.test.ts test/cosim/build-cache.test.ts test/cosim/axis.test.ts test/prove/prove-axis.test.ts \
	test/synth/liberty.test.ts

test: setup typecheck
	npx vitest run $(addprefix --exclude ,$(LONG))

test-long: setup typecheck
	npx vitest run $(LONG)

# The developers' inner loop (under a minute): number formats, operators, model, vectors, accuracy,
# pipelining choice, SLaNC, the command line and the library (tiny co-simulations only; no
# synthesis, no interrupt or package-install test).
QUICK := test/docs test/api test/format test/operators/fp- test/model test/vectors test/accuracy test/pipeline test/slanc test/cli test/config.test.ts
test-quick: $(NPM_STAMP)
	npx vitest run $(QUICK) --exclude test/cli/interrupt.test.ts --exclude test/cli/package.test.ts --exclude test/api/synth-explore.test.ts

# Writes the per-file times of the last test run into test/durations.json (the sequencer starts
# the longest first); run `make test` first.
test-durations: $(NPM_STAMP)
	npx tsx scripts/test-durations.ts

# Benchmarks: long sweeps and speed measurements, run on demand, results in bench/results/.
# `make bench` runs the quicker ones; the others are listed in the README.
bench: setup
	npx tsx bench/accuracy-core.ts --vectors 100
	npx tsx bench/accuracy-norms.ts --vectors 30
	npx tsx bench/accuracy-speed.ts
	npx tsx bench/operator-speed.ts
	npx tsx bench/quant.ts --vectors 8
	npx tsx bench/latency.ts --vectors 200 --stress 50
	npx tsx bench/dmax.ts --parts timing,accuracy --vectors 100
	npx tsx bench/streams.ts --label after --modes l2,rms --vectors 512
	npx tsx bench/residual.ts --vectors 12

# The long ones: 1000 vectors per d (about 20 min), Yosys of every configuration (about 15 min).
bench-long: setup
	npx tsx bench/latency.ts
	npx tsx bench/synth.ts
	npx tsx bench/pipeline.ts
	npx tsx bench/dmax.ts --parts synth,sweep
	npx tsx bench/ring-search.ts
	npx tsx bench/streams.ts --label after --parts synth
	npx tsx bench/streams-sweep.ts --cover
	npx tsx bench/prove.ts

# docs/results.md from bench/results/*.json (after a benchmark run); `--check` only compares.
results: $(NPM_STAMP)
	npx tsx scripts/results-page.ts

clean:
	rm -rf rtl-out .cache dist
