//! The options that say how input is read, shared by `plenary index` and `plenary enrich`:
//! links followed or not, and how fields of bulk records map onto a document's.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use plenary_parse::FieldMap;

#[derive(Debug, Args)]
pub struct InputArgs {
    /// Follow symbolic links that point out of the paths given (by default they are
    /// reported and skipped).
    #[arg(long)]
    pub follow_symlinks: bool,
    /// Map a field of JSON Lines or CSV records onto a document field
    /// (`--map text=speech`, `--map country="From State"`); repeatable.
    #[arg(long = "map", value_name = "TARGET=SOURCE")]
    pub map: Vec<String>,
    /// Give a document field this value in every record that has none
    /// (`--set forum=CND`); repeatable.
    #[arg(long = "set", value_name = "TARGET=VALUE")]
    pub set: Vec<String>,
    /// A TOML file with a `[map]` table (target = "source field") and a `[set]` table
    /// (target = "value"); `--map` and `--set` win over it.
    #[arg(long, value_name = "FILE.toml")]
    pub mapping: Option<PathBuf>,
}

impl InputArgs {
    /// The field mapping of the command line: the mapping file, then `--map` and `--set`.
    pub fn field_map(&self) -> anyhow::Result<FieldMap> {
        let mut map = match &self.mapping {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading the mapping file {}", path.display()))?;
                FieldMap::from_toml(&text)
                    .with_context(|| format!("in the mapping file {}", path.display()))?
            }
            None => FieldMap::default(),
        };
        let split = |option: &str, entry: &str| -> anyhow::Result<(String, String)> {
            let (target, value) = entry.split_once('=').with_context(|| {
                format!("--{option} {entry}: expected TARGET=VALUE, such as text=speech")
            })?;
            Ok((target.to_string(), value.to_string()))
        };
        let mut given = FieldMap::default();
        for entry in &self.map {
            let (target, source) = split("map", entry)?;
            given
                .map(&target, &source)
                .with_context(|| format!("--map {entry}"))?;
        }
        for entry in &self.set {
            let (target, value) = split("set", entry)?;
            given
                .set(&target, &value)
                .with_context(|| format!("--set {entry}"))?;
        }
        map.extend(given);
        Ok(map)
    }
}

/// Prints, under a run's summary line, each file skipped, each value read but not used
/// and each record's fields that map to no document field.
pub fn print_what_was_not_read(
    skipped: &[plenary_indexer::SkippedFile],
    warnings: &[plenary_indexer::InputWarning],
    unmapped: &[plenary_indexer::UnmappedFields],
) {
    for skipped in skipped {
        eprintln!("  skipped {}: {}", skipped.path, skipped.reason);
    }
    for warning in warnings {
        eprintln!("  warning {}: {}", warning.path, warning.reason);
    }
    for unmapped in unmapped {
        eprintln!(
            "  fields kept as given, mapped to no document field, in {}: {}",
            unmapped.path,
            unmapped.fields.join(", ")
        );
    }
}
