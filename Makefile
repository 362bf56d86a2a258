# signalgap — make targets
#
#   make build    debug build of the signalgap command
#   make test     every test (Swift Testing), and the bundled datasets checked by
#                 the Frictionless reference tool when it is installed
#   make report   build, import Datasets/ into a fresh store and write the report
#                 (Markdown, CSV, SVG) into Reports/; QUARTER=2016Q1 writes that
#                 quarter's report into Reports/2016Q1/ instead
#   make bench    release build, then import, statistics and report timed beside
#                 sqlite3 (see BENCHMARKS.md; bench/scan.c needs a C compiler)
#   make lint     swift format lint with the checked-in .swift-format
#   make clean    remove build products and the default store
#
# Variables: STORE (default signalgap.sqlite), QUARTER, BENCH_RUNS.

SWIFT ?= swift
STORE ?= signalgap.sqlite
BIN_DEBUG = .build/debug/signalgap
BIN_RELEASE = .build/release/signalgap
QUARTER ?=
BENCH_RUNS ?= 5

.PHONY: build test report bench lint clean check-datasets

build:
	$(SWIFT) build --product signalgap

test: build
	$(SWIFT) test
	@$(MAKE) --no-print-directory check-datasets

# The Frictionless reference tool validates every bundled dataset, and the
# report's CSV tables, when it is installed (.ci/run installs it: pip install frictionless).
check-datasets:
	@if command -v frictionless >/dev/null 2>&1; then \
		for d in Datasets/*/; do \
			frictionless validate "$$d/datapackage.json" >/tmp/signalgap-frictionless.log 2>&1 \
				|| { cat /tmp/signalgap-frictionless.log; echo "frictionless: $$d is not valid"; exit 1; }; \
			echo "frictionless: $${d%/} valid"; \
		done; \
		frictionless validate Reports/datapackage.json >/tmp/signalgap-frictionless.log 2>&1 \
			|| { cat /tmp/signalgap-frictionless.log; echo "frictionless: Reports/ is not valid"; exit 1; }; \
		echo "frictionless: Reports valid"; \
	else \
		echo "frictionless not installed: skipped the reference validation (pip install frictionless)"; \
	fi

REPORT_OUT = $(if $(QUARTER),Reports/$(QUARTER),Reports)

report: build
	rm -f $(STORE) $(STORE)-wal $(STORE)-shm
	$(BIN_DEBUG) import --store $(STORE)
	$(BIN_DEBUG) report --store $(STORE) --out $(REPORT_OUT) $(if $(QUARTER),--quarter $(QUARTER))
	@echo "open $(REPORT_OUT)/README.md"

bench:
	$(SWIFT) build -c release --product signalgap
	bench/run --runs $(BENCH_RUNS)

lint:
	$(SWIFT) format lint --recursive --configuration .swift-format Sources Tests Package.swift

clean:
	rm -rf .build bench/work
	rm -f $(STORE) $(STORE)-wal $(STORE)-shm
