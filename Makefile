# Wrappers around CMake. `make run` and `make test` are the README's two set-up commands.
JOBS ?= $(shell nproc)
BUILD ?= build/release
ASAN_BUILD ?= build/asan

.PHONY: deps build run test test-asan fuzz docs bench bench-code bench-secrets bench-iam clean

deps:
	scripts/install-deps

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j$(JOBS)

# Scans the bundled example application. Exit 1 means "findings at or above --fail-on",
# which is what the example is for, so it does not fail `make run`.
run: build
	$(BUILD)/kumolens scan examples/ || test $$? -eq 1

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

# The malformed-input suite and everything else under AddressSanitizer and UBSan.
test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DKL_SANITIZE=ON \
	  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1"  # -O2 -g triples the sanitizer build's time
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(JOBS)

# The libFuzzer targets (fuzz/), built with clang, each run for FUZZ_SECONDS.
FUZZ_BUILD ?= build/fuzz
FUZZ_SECONDS ?= 60
fuzz: deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DKL_FUZZ=ON -DBUILD_TESTING=OFF \
	  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
	  -DCMAKE_C_FLAGS_DEBUG="-O1 -g1"
	cmake --build $(FUZZ_BUILD) -j$(JOBS)
	scripts/run-fuzzers $(FUZZ_BUILD) $(FUZZ_SECONDS)

docs: build
	cmake --build $(BUILD) --target docs

bench: build
	cmake --build $(BUILD) -j$(JOBS) --target kumolens_parse_bench
	bench/run.sh $(BUILD)/kumolens

# Code analysis against bandit on 2,000 generated handlers (bench/code/run.sh; hyperfine).
bench-code: build
	bench/code/run.sh $(BUILD)/kumolens

# Latency of the IAM questions over the policy fixtures and 10,000 generated policies.
bench-iam: build
	cmake --build $(BUILD) -j$(JOBS) --target kumolens_iam_bench
	bench/iam/run.sh $(BUILD)

# The secrets engine against ripgrep on a ~300 MB corpus (bench/secrets/run.sh).
bench-secrets: build
	bench/secrets/run.sh $(BUILD)/kumolens

clean:
	rm -rf build
