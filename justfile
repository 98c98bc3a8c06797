# Developer commands; `just ci` mirrors .ci/run.

# Index the bundled corpus and serve the search page and API on localhost.
serve:
    cargo run --release -- serve

test:
    cargo test --workspace

lint:
    cargo clippy --workspace --all-targets -- -D warnings

fmt:
    cargo fmt --all

fmt-check:
    cargo fmt --all -- --check

# Compile the benchmarks without running them (what CI does).
bench-check:
    cargo bench --workspace --no-run

bench:
    cargo bench --workspace

# The product binary without the benchmark harness (no HTTP client, no histograms).
check-product:
    cargo check -p plenary-cli --no-default-features
    test "$(cargo tree -p plenary-cli --no-default-features -e normal | grep -cE ' (reqwest|hdrhistogram) ' || true)" -eq 0

ci: fmt-check lint bench-check check-product test
