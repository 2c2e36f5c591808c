# The README's two commands. `make run` and `make test` set up everything they need.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

.PHONY: setup configure build run test bench format clean

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

format:
	@clang-format -i model/*.h model/*.cc helper/*.h helper/*.cc examples/*.cc test/*.cc benchmarks/*.cc bindings/python/*.cc bindings/python/*.h

clean:
	@rm -rf $(BUILD_DIR) $(BUILD_DIR).configure.log
