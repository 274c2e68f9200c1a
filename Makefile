# The two commands of the README: `make demo` and `make test`. Both install what they need.
.PHONY: setup demo test typecheck bench clean

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

test: setup typecheck
	npx vitest run

# Benchmarks: long sweeps and speed measurements, results written under bench/results/.
bench: setup
	npx tsx bench/latency.ts

clean:
	rm -rf rtl-out
