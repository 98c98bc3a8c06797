//! Prints the blocks and furniture a file parses into:
//! `cargo run -p plenary-parse --example parse -- FILE`.

use std::path::Path;

use plenary_parse::{ParseLimits, parse_file};

fn main() {
    for argument in std::env::args().skip(1) {
        match parse_file(Path::new(&argument), &ParseLimits::default()) {
            Ok(parsed) => {
                println!(
                    "== {argument}: {} blocks, title {:?}",
                    parsed.blocks.len(),
                    parsed.title
                );
                println!("furniture: {:?}", parsed.furniture);
                for block in &parsed.blocks {
                    println!("[{:?}] {}", block.kind, block.text);
                }
            }
            Err(error) => eprintln!("{error}"),
        }
    }
}
