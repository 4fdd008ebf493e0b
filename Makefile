# Thin wrapper: install what the build needs from Debian, configure with CMake, build, run.
BUILD ?= build
JOBS ?= $(shell nproc)
DEB_PACKAGES := cmake g++ make pkg-config python3 sqlite3 libsqlite3-dev libboost-graph-dev chromium \
  libboost-locale-dev gettext \
  libsqlitecpp-dev libhowardhinnant-date-dev libcli11-dev doctest-dev nlohmann-json3-dev \
  libfmt-dev libutf8proc-dev libcsv-dev libxlsxwriter-dev libsodium-dev libcpp-httplib-dev libssl-dev \
  chromium-driver python3-selenium clang libclang-rt-14-dev \
  python3-networkx time libzip-dev libexpat1-dev python3-openpyxl \
  librsvg2-dev python3-docx libreoffice-writer-nogui poppler-utils \
  man-db bash-completion dpkg-dev file fakeroot lintian debootstrap systemd \
  libpqxx-dev libpq-dev postgresql-15 postgresql-client-15
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
WERROR := $(if $(CI),ON,OFF)
PREFIX ?= /usr/local

.PHONY: all deps configure build test test-quick test-sanitizers test-package fuzz bench bench-quick demo \
  format clean \
  install package
FUZZ_SECONDS ?= 60

all: build

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
	  | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

configure: deps
	cmake -S . -B $(BUILD) -DTIENDO_WERROR=$(WERROR) -DCMAKE_INSTALL_PREFIX=$(PREFIX) > /dev/null

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) test-sanitizers
	$(MAKE) fuzz FUZZ_SECONDS=10
	$(MAKE) test-package

# The loop of a change: the plain build's suites but the browser, document and flood ones (four
# minutes on two cores, against `make test`'s forty); `make test` runs everything before a push.
test-quick: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) \
	  -E '^(web\.(strict_http_test|heavy_test)|web\.browser.*|doc\..*)$$'

# The unit and CLI tests once more under AddressSanitizer and UndefinedBehaviorSanitizer (the
# leaks of libraries that LeakSanitizer is told to pass over are each explained in the file).
# Two web suites run once, in the plain build only: the strict HTTP test's floods (150 logins,
# 700 hostile bodies) take minutes under the sanitizers, and the heavy-work test asks that readers
# answer many times during one dry run, which the sanitizers' slowdown of the readers makes a
# question of load. The HTTP parser's rules run under the sanitizers in the unit tests. The browser
# suites (web.browser*: a real Chromium doing a person's tasks) and the document suites (doc.*:
# Word files read back by python3-docx and LibreOffice) test pages and files, not memory, and run
# once too.
test-sanitizers: deps
	cmake -S . -B $(BUILD)-sanitize -DTIENDO_SANITIZE=ON -DTIENDO_WERROR=$(WERROR) \
	  -DCMAKE_BUILD_TYPE=Debug > /dev/null
	cmake --build $(BUILD)-sanitize -j $(JOBS)
	cd $(BUILD)-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizers/lsan.supp:print_suppressions=0 \
	  ctest --output-on-failure -j $(JOBS) -E '^(web\.(strict_http_test|heavy_test)|web\.browser.*|doc\..*)$$'

# libFuzzer targets (clang): the CSV reader, the date parser, the importers, the command line and
# the workbook reader, the contractor schedule readers (P6 XER, MS Project XML) and their import.
# Each runs FUZZ_SECONDS from the seed corpus in tests/fuzz/corpus, after replaying every input
# that once crashed it (tests/fuzz/regressions); make test runs a 10-second smoke pass.
fuzz: deps
	cmake -S . -B $(BUILD)-fuzz -DCMAKE_CXX_COMPILER=clang++ -DTIENDO_FUZZ=ON \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
	cmake --build $(BUILD)-fuzz -j $(JOBS) --target fuzz_csv fuzz_date fuzz_import fuzz_cli fuzz_xlsx \
	  fuzz_schedule_file
	@for target in csv date import cli xlsx schedule_file; do \
	  mkdir -p $(BUILD)-fuzz/corpus-$$target tests/fuzz/regressions/$$target && \
	  cp tests/fuzz/corpus/$$target/* $(BUILD)-fuzz/corpus-$$target/ && \
	  $(BUILD)-fuzz/fuzz_$$target -runs=0 tests/fuzz/regressions/$$target 2> /dev/null && \
	  $(BUILD)-fuzz/fuzz_$$target -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	    -artifact_prefix=$(BUILD)-fuzz/crash-$$target- $(BUILD)-fuzz/corpus-$$target \
	    2> $(BUILD)-fuzz/fuzz-$$target.log || { tail -40 $(BUILD)-fuzz/fuzz-$$target.log; exit 1; }; \
	  echo "fuzz_$$target: $$(grep -o 'Done [0-9]* runs' $(BUILD)-fuzz/fuzz-$$target.log)" \
	    "in $(FUZZ_SECONDS) s, corpus $$(ls $(BUILD)-fuzz/corpus-$$target | wc -l) inputs"; \
	done

# National-scale benchmark: 5k, 20k and 100k generated projects against sqlite3 and networkx;
# writes tests/bench/results.md, which docs/performance.md quotes. Not part of make test.
bench: build
	python3 tests/bench/bench.py $(BUILD)/tiendo

# Issue 30's figures alone at 20,000 projects (dashboard idle and under a report, PATCH against the
# full schedule, the first dashboard after a save, the report's time and size): a few minutes.
bench-quick: build
	python3 tests/bench/bench.py $(BUILD)/tiendo --quick

# The executable, man page, bash completion and demo fixtures under $(PREFIX) (default
# /usr/local), inside $(DESTDIR) when it is given. CMake writes the list of installed files into
# the build folder; under sudo that file would be root's, and the next install test as the user
# could not rewrite it, so it is given back.
install: build
	@target="$(DESTDIR)$(PREFIX)"; mkdir -p "$$target" 2> /dev/null; \
	if [ -w "$$target" ]; then sudo=; else sudo="$(SUDO)"; fi; \
	$$sudo env DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix $(PREFIX); \
	status=$$?; \
	if [ -n "$$sudo" ] && [ -e $(BUILD)/install_manifest.txt ]; then \
	  $$sudo chown "$$(id -u):$$(id -g)" $(BUILD)/install_manifest.txt; fi; \
	exit $$status

# The Debian package, $(BUILD)/package/tiendo_VERSION_ARCH.deb, checked by lintian (errors fail).
package: build
	cd $(BUILD) && cpack -G DEB > /dev/null
	lintian --fail-on error --allow-root $(BUILD)/package/tiendo_*.deb

# The package built, inspected and installed into a bare Debian 12 made by debootstrap under
# $(BUILD)/package-test (removed afterwards), where the demo runs; systemd accepts its unit.
test-package: package
	$(SUDO) python3 tests/package/package_test.py $(BUILD)

demo: build
	$(BUILD)/tiendo demo --db $(BUILD)/demo.db

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD)
