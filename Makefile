# Thin wrapper over CMake. `make demo` and `make test` are the only commands a
# new machine needs: each installs what is missing, builds, then runs.
PREFIX ?= /usr/local
BUILD  ?= build
ASAN_BUILD ?= build-asan
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
DEPS   := cmake make gcc pkg-config gettext libsqlite3-dev libcsv-dev \
          libxlsxwriter-dev libinih-dev libcjson-dev libcriterion-dev unzip \
          clang libclang-rt-14-dev sqlite3 libunistring-dev libgmp-dev locales clang-format \
          libcairo2-dev libpango1.0-dev fonts-noto-cjk poppler-utils \
          libzip-dev libxml2-dev libmicrohttpd-dev libpq-dev
# Locales the tests run under: decimal-comma ones (numbers must not follow
# LC_NUMERIC), tr_TR (its dotless i), zh_CN (SPEC §12).
TEST_LOCALES := de_DE fr_FR tr_TR zh_CN
BENCH_DEPS := ledger apache2-utils curl postgresql-15 postgresql-client-15
# What the tests run besides outlay: LibreOffice prints the workbook to PDF
# and pdftotext reads its first page (SPEC §13: the Budget sheet's signature
# block on page 1). LibreOffice's own packages are about 60 MB (2 s to fetch
# from the Debian mirror here); with every dependency on a bare Debian at
# most 360 MB: under the 3 minutes a CI run allows for it.
TEST_DEPS := libreoffice-calc-nogui poppler-utils

.PHONY: all deps build-deps test-deps browser-deps pg-deps test-pg test-browser check-serve build demo test test-fast asan bench install clean fuzz check-deep pot format format-check mutate

all: build

build-deps:
	@missing=$$(for p in $(DEPS); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:" $$missing; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing build dependencies; run as root:"; \
	    echo "  apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi
	@for l in $(TEST_LOCALES); do \
	  locale -a 2>/dev/null | grep -qix "$$l.utf8" && continue; \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "generating locale $$l.UTF-8"; localedef -i $$l -f UTF-8 $$l.UTF-8 || exit 1; \
	  else \
	    echo "locale $$l.UTF-8 is missing (the tests need it); run as root:"; \
	    echo "  localedef -i $$l -f UTF-8 $$l.UTF-8"; \
	  fi; \
	done

# Everything: what outlay builds with, and what its browser tests need
# (`make build` asks only for the first: building outlay installs no browser).
deps: build-deps browser-deps pg-deps

# SPEC §16: the browser tests drive `outlay serve` in Debian's headless
# Chromium with puppeteer-core, pinned by tests/browser/package-lock.json
# (npm ci, again only when the lock file changed). Node and npm come from
# Debian when missing. Where Chromium cannot be installed the browser tests
# say so and are skipped; everything else still runs.
BROWSER_DEPS := chromium
browser-deps:
	@for p in $(BROWSER_DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || \
	  { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_DEPS) >/dev/null || \
	      echo "chromium cannot be installed: the browser tests will be skipped"; \
	    else echo "missing browser test dependencies; run as root: apt-get install -y $(BROWSER_DEPS)"; fi; break; }; done
	@command -v npm >/dev/null || { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; } || \
	  echo "node and npm cannot be installed: the browser tests will be skipped"
	@if command -v npm >/dev/null && { [ ! -f tests/browser/node_modules/.package-lock.json ] || \
	    [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; }; then \
	  cd tests/browser && npm ci --no-audit --no-fund --loglevel=error; fi

test-browser: build browser-deps
	@if [ -x /usr/bin/chromium ] && [ -d tests/browser/node_modules/puppeteer-core ]; then \
	  OUTLAY=$(BUILD)/outlay SHOTS=$(BUILD)/browser-shots node tests/browser/serve.test.js; \
	else echo "browser tests skipped: no chromium or no puppeteer-core (make browser-deps)"; fi

test-deps:
	@for p in $(TEST_DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || \
	  { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_DEPS) >/dev/null; \
	    else echo "missing test dependencies; run as root: apt-get install -y $(TEST_DEPS)"; exit 1; fi; break; }; done

build: build-deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

asan: build-deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DOUTLAY_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)

# The whole suite; every fuzz target for FUZZ_TEST_SECONDS after replaying its
# corpus; then the suite again under AddressSanitizer + UBSan (leak checks on).
FUZZ_TEST_SECONDS ?= 8
test: build asan test-deps browser-deps pg-deps
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) --no-print-directory test-pg
	$(MAKE) --no-print-directory test-browser
	FUZZ_BUILD=build-fuzz tests/fuzz/run.sh $(FUZZ_TEST_SECONDS)
	cd $(ASAN_BUILD) && OUTLAY_SANITIZED=1 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

# SPEC §17: the suite again with its ledgers in PostgreSQL, on a throw-away
# PostgreSQL 15 cluster made for the run as the postgres user in a temporary
# directory (tests/pg/cluster.sh) and removed at the end, whatever happens:
# the end-to-end cases (each its own branch; those about SQLite's files say
# so in a file sqlite-only and keep a file) and the suites that open a
# ledger, each test its own branch (the server's concurrent writers and the
# reliability suite's eight writers and killed imports included; their tests
# about SQLite's files are skipped by name); then the federation's own tests
# (tests/pg/federation.sh: the branch wall tried with psql, 16 writers of 16
# branches, an import killed halfway, a wrong password, an unreachable host).
PG_DEPS := postgresql-15 postgresql-client-15
PG_SUITES := test_e2e|test_store|test_store_pg|test_ledger|test_ledger_edit|test_ledger_year|test_import|test_bills|test_print|test_rules|test_xlsx|test_xlsx_values|test_faults|test_serve|test_reliability
pg-deps:
	@for p in $(PG_DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || \
	  { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PG_DEPS) >/dev/null; \
	    else echo "missing PostgreSQL for the tests; run as root: apt-get install -y $(PG_DEPS)"; exit 1; fi; break; }; done

test-pg: build pg-deps
	@d=$$(mktemp -d "$${TMPDIR:-/tmp}/outlay-pg-XXXXXX"); \
	trap 'tests/pg/cluster.sh stop "'"$$d"'"' EXIT INT TERM; \
	url=$$(tests/pg/cluster.sh start "$$d") || exit 1; \
	echo "test-pg: the ledgers are branches of $$url"; \
	(cd $(BUILD) && OUTLAY_TEST_PG="$$url" ctest --output-on-failure -j $(JOBS) -R '^($(PG_SUITES))$$') && \
	tests/pg/federation.sh $(BUILD)/outlay "$$d"

test-fast: build test-deps pg-deps
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

demo: build
	OUTLAY=$(BUILD)/outlay sh examples/demo.sh

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

bench: build
	@for p in $(BENCH_DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BENCH_DEPS) >/dev/null; break; }; done
	OUTLAY=$(BUILD)/outlay bash bench/run $(N)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz build-mutate out

# The message catalogue template: every _() and N_() string, for translators.
pot:
	mkdir -p po
	xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=NC_:1c,2 --keyword=P_:1,2 --add-comments \
	  --package-name=outlay -o po/outlay.pot src/*.c

# STYLE §12: the style is .clang-format's. format-check (run by .ci/run)
# fails on any drift from it.
FORMATTED = src/*.c src/*.h include/outlay.h include/outlay/*.h tests/*.c tests/*.h \
            tests/reliability/*.h tests/fuzz/*.c bench/*.c
format:
	clang-format -i $(FORMATTED)

format-check: deps
	@clang-format --dry-run -Werror $(FORMATTED) || \
	  { echo "the code has drifted from .clang-format: run 'make format' and commit"; exit 1; }

# libFuzzer targets (clang, ASan, UBSan), each for FUZZ_SECONDS (600 by default).
fuzz: deps
	FUZZ_BUILD=build-fuzz tests/fuzz/run.sh $(or $(FUZZ_SECONDS),600)

# The long reliability checks: 20 + 20 kills of a 200,000-row import and its
# export, concurrent writers on disk, every fuzz target for 60 s.
check-deep: build
	tests/reliability/crash.sh $(BUILD)/outlay
	cd $(BUILD) && OUTLAY_TEST_DISK=1 ./test_reliability --filter 'concurrency/*'
	FUZZ_BUILD=build-fuzz FUZZ_JOBS=2 tests/fuzz/run.sh $(or $(FUZZ_SECONDS),60)

# outlay serve under bad input and load (issue 19): a 10 MB POST, slowloris,
# ab for 10 s, a brute-forced token; prints what it measured. Wants a quiet
# machine, so not part of `make test`.
check-serve: build
	@command -v ab >/dev/null && command -v curl >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apache2-utils curl >/dev/null; }
	sh tests/serve-hostile.sh $(BUILD)/outlay $(or $(N),10000)

# Mutation check: a fixed-seed sample of 50 operator mutations of the pure
# modules, each rebuilt and run against the fast suite (docs/testing.md).
mutate: deps
	@command -v python3 >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 >/dev/null; }
	python3 tests/mutate/mutate.py --jobs $(JOBS) $(if $(SAMPLE),--sample $(SAMPLE)) $(if $(SEED),--seed $(SEED))
