//! Where Plenary keeps its data and finds the bundled corpus.

use std::path::PathBuf;

/// The data directory: `--data-dir`, else `$PLENARY_DATA_DIR`, else `./data`.
pub fn data_dir(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .or_else(|| std::env::var_os("PLENARY_DATA_DIR").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("data"))
}

/// The index directory inside a data directory.
pub fn index_dir(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("index")
}

/// The bundled corpus: `./corpus/docs` when run from a checkout, else the one this
/// binary was built from.
pub fn bundled_corpus() -> Option<PathBuf> {
    let candidates = [
        PathBuf::from("corpus/docs"),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/docs"),
    ];
    candidates.into_iter().find(|path| path.is_dir())
}
