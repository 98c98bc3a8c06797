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

ci: fmt-check lint bench-check test
