# The README's two commands. `make run` and `make test` set up everything they need.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

PREFIX ?= /usr/local

.PHONY: setup configure build run test bench bench-instructions scratch install format clean

setup:
	@bash scripts/install-deps.sh

configure: setup
	@cmake -S . -B $(BUILD_DIR) $(CMAKE_FLAGS) > $(BUILD_DIR).configure.log 2>&1 || (cat $(BUILD_DIR).configure.log; exit 1)

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@$(BUILD_DIR)/examples/ipsec-vpn-gateway

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench: build
	@$(BUILD_DIR)/benchmarks/ipsec-benchmark

# Instructions per packet under callgrind (independent of the machine's load).
bench-instructions: build
	@bash scripts/install-packages.sh valgrind
	@/usr/bin/python3 benchmarks/instructions.py $(BUILD_DIR)

# Your own simulation: scratch/NAME.cc or scratch/NAME/*.cc, built and run with ARGS.
scratch: build
	@test -n "$(NAME)" || (echo "usage: make scratch NAME=<scratch/NAME.cc or scratch/NAME/> [ARGS=...]"; exit 2)
	@test -x $(BUILD_DIR)/scratch/$(NAME) || (echo "no scratch/$(NAME).cc or scratch/$(NAME)/ with .cc files"; exit 2)
	@$(BUILD_DIR)/scratch/$(NAME) $(ARGS)

# The library, headers, Python module, CMake package and pkg-config file under PREFIX.
install: build
	@cmake --install $(BUILD_DIR) --prefix $(PREFIX)

format:
	@clang-format -i model/*.h model/*.cc helper/*.h helper/*.cc examples/*.cc test/*.cc benchmarks/*.h benchmarks/*.cc bindings/python/*.cc bindings/python/*.h

clean:
	@rm -rf $(BUILD_DIR) $(BUILD_DIR).configure.log

# ------------------------------------------------------------------- robustness (not in `make test`)
# `make sanitize`: the module and its whole test suite under ASan + UBSan in a build directory of
# its own. `make fuzz`: the libFuzzer harnesses of fuzz/ (regressions first, then FUZZ_SECONDS of
# fuzzing per harness); `make fuzz-regressions` runs only the saved reproducers. See fuzz/README.md.
SANITIZE_DIR ?= build-sanitize
SANITIZE_FLAGS ?= -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
# `make fuzz-valgrind`: the harnesses built without sanitizers, each replaying its seeds and
# FUZZ_VALGRIND_RUNS fixed-seed mutations under valgrind (over-reads inside ns-3 or Crypto++,
# uninitialized bytes: what ASan cannot see in uninstrumented libraries).
FUZZ_VALGRIND_DIR ?= build-fuzz-valgrind
FUZZ_VALGRIND_RUNS ?= 300

.PHONY: robustness-setup sanitize-configure sanitize-build sanitize fuzz-configure fuzz-build fuzz-regressions fuzz fuzz-smoke fuzz-valgrind robustness-clean

robustness-setup: setup
	@bash scripts/install-fuzz-deps.sh

sanitize-configure: robustness-setup
	@cmake -S . -B $(SANITIZE_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
		-DCMAKE_CXX_FLAGS="$(SANITIZE_FLAGS)" > $(SANITIZE_DIR).configure.log 2>&1 || (cat $(SANITIZE_DIR).configure.log; exit 1)

sanitize-build: sanitize-configure
	@cmake --build $(SANITIZE_DIR) -j $(JOBS)

sanitize: sanitize-build
	@bash fuzz/sanitize/run-tests.sh $(SANITIZE_DIR) $(JOBS)

fuzz-configure: robustness-setup
	@CXX=clang++ cmake -S fuzz -B $(FUZZ_DIR) > $(FUZZ_DIR).configure.log 2>&1 || (cat $(FUZZ_DIR).configure.log; exit 1)

fuzz-build: fuzz-configure
	@cmake --build $(FUZZ_DIR) -j $(JOBS)

fuzz-regressions: fuzz-build
	@bash fuzz/run.sh regressions $(FUZZ_DIR)

fuzz: fuzz-regressions
	@bash fuzz/run.sh fuzz $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_JOBS)

# Fuzzing without the regression step (what CI runs after `fuzz-regressions`, whatever its outcome).
fuzz-smoke: fuzz-build
	@bash fuzz/run.sh fuzz $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_JOBS)

fuzz-valgrind: robustness-setup
	@CXX=clang++ cmake -S fuzz -B $(FUZZ_VALGRIND_DIR) -DIPSEC_FUZZ_SANITIZERS=OFF > $(FUZZ_VALGRIND_DIR).configure.log 2>&1 || (cat $(FUZZ_VALGRIND_DIR).configure.log; exit 1)
	@cmake --build $(FUZZ_VALGRIND_DIR) -j $(JOBS)
	@bash fuzz/run.sh valgrind $(FUZZ_VALGRIND_DIR) $(FUZZ_VALGRIND_RUNS)

robustness-clean:
	@rm -rf $(SANITIZE_DIR) $(SANITIZE_DIR).configure.log $(FUZZ_DIR) $(FUZZ_DIR).configure.log
	@rm -rf $(FUZZ_VALGRIND_DIR) $(FUZZ_VALGRIND_DIR).configure.log

# ------------------------------------------------------------------- documentation (not in `make test`)
# `make docs`: the API reference (Doxygen, build/doc/doxygen/html) and the chapter doc/ipsec.rst
# (Sphinx, build/doc/html); `make doxygen` the reference alone. Any warning fails either.
.PHONY: docs-setup doxygen docs

docs-setup:
	@bash scripts/install-doc-deps.sh

doxygen: docs-setup
	@mkdir -p build/doc && doxygen doc/Doxyfile || (cat build/doc/doxygen-warnings.log; exit 1)

docs: doxygen
	@sphinx-build -W --keep-going -q -b html doc build/doc/html

# ------------------------------------------------------------------- ns-3 source trees (not in `make test`)
# `make test-in-tree`: the module as contrib/ipsec of an ns-3 source tree (kept, with its ccache,
# in IPSEC_NS3_TREES, default /var/tmp/ns3-ipsec-trees), configured with examples, tests and MPI,
# built with -Werror, then ./test.py and the MPI test. NS3_VERSION=3.48|3.37, NS3_PROFILE=debug|release.
NS3_VERSION ?= 3.48
NS3_PROFILE ?= debug
.PHONY: test-in-tree

test-in-tree:
	@JOBS=$(JOBS) bash scripts/in-tree-test.sh $(NS3_VERSION) $(NS3_PROFILE)
