//! `plenary bench`: indexing throughput, query latency and HTTP load, measured the same
//! way every time so that figures can be compared between machines and versions (the
//! harness is `plenary-bench`'s).

use std::process::ExitCode;

pub fn run(args: plenary_bench::BenchArgs) -> anyhow::Result<ExitCode> {
    plenary_bench::run(args)?;
    Ok(ExitCode::SUCCESS)
}
