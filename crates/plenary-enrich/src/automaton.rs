//! The Aho-Corasick automata of the tagger's terms and of the stem matcher's patterns,
//! built one way.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};

/// Patterns up to this many bytes are matched by a full DFA: one table lookup per byte,
/// about twice the speed of an NFA on long texts, for a table of a few MB. Above it the
/// table (states × alphabet) would take hundreds of MB, so a contiguous NFA matches them.
const DFA_MAX_PATTERN_BYTES: usize = 256 * 1024;

/// The automaton of `patterns` as `builder` sets it: a DFA while they are small, else an
/// NFA. The size limit of a taxonomy ([`plenary_core::taxonomy::MAX_TAXONOMY_TERM_BYTES`]) keeps
/// its patterns far inside the automaton's own limits, so the build cannot fail on them.
pub(crate) fn build_automaton<P: AsRef<[u8]>>(
    builder: &AhoCorasickBuilder,
    patterns: &[P],
) -> AhoCorasick {
    let bytes: usize = patterns.iter().map(|pattern| pattern.as_ref().len()).sum();
    let mut builder = builder.clone();
    if bytes <= DFA_MAX_PATTERN_BYTES
        && let Ok(automaton) = builder.kind(Some(AhoCorasickKind::DFA)).build(patterns)
    {
        return automaton;
    }
    build_nfa(&builder, patterns)
}

/// The automaton of `patterns` as `builder` sets it, as an NFA: slower than a DFA, a
/// fraction of its memory and build time. Within a taxonomy's size limit, as above.
fn build_nfa<P: AsRef<[u8]>>(builder: &AhoCorasickBuilder, patterns: &[P]) -> AhoCorasick {
    let mut builder = builder.clone();
    builder
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(patterns)
        .or_else(|_| {
            builder
                .kind(Some(AhoCorasickKind::NoncontiguousNFA))
                .build(patterns)
        })
        .expect("a taxonomy within its size limit stays within the automaton's limits")
}
