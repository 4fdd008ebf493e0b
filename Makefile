# Thin wrapper: install what the build needs from Debian, configure with CMake, build, run.
BUILD ?= build
JOBS ?= $(shell nproc)
DEB_PACKAGES := cmake g++ make pkg-config python3 sqlite3 libsqlite3-dev libboost-graph-dev chromium \
  libsqlitecpp-dev libhowardhinnant-date-dev libcli11-dev doctest-dev nlohmann-json3-dev \
  libfmt-dev libutf8proc-dev libcsv-dev libxlsxwriter-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
WERROR := $(if $(CI),ON,OFF)

.PHONY: all deps configure build test test-sanitizers demo format clean

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
	cmake -S . -B $(BUILD) -DTIENDO_WERROR=$(WERROR) > /dev/null

build: configure
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) test-sanitizers

# The unit and CLI tests once more under AddressSanitizer and UndefinedBehaviorSanitizer.
test-sanitizers: deps
	cmake -S . -B $(BUILD)-sanitize -DTIENDO_SANITIZE=ON -DTIENDO_WERROR=$(WERROR) \
	  -DCMAKE_BUILD_TYPE=Debug > /dev/null
	cmake --build $(BUILD)-sanitize -j $(JOBS)
	cd $(BUILD)-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

demo: build
	$(BUILD)/tiendo demo --db $(BUILD)/demo.db

format:
	clang-format -i $$(git ls-files '*.cpp' '*.h')

clean:
	rm -rf $(BUILD)
