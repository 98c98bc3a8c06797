//! Bounds on the shape of a user query, checked before any parser sees it.
//!
//! Tantivy's query grammar descends once per group (`(`, `field:(`) and per `NOT`, on the
//! thread's stack: a query of a few thousand parentheses overflows it and aborts the
//! whole process, which no panic handler can catch. A fuzzy term costs a Levenshtein
//! automaton of about a megabyte per field. So a query is refused with a 400 before it is
//! parsed when it is longer, deeper or wider than any query a person writes.

use crate::SearchError;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 4096;
/// The deepest nesting of groups and `NOT`s accepted.
pub const MAX_QUERY_NESTING: usize = 24;
/// The most words, phrases and other leaves a query may hold.
pub const MAX_QUERY_CLAUSES: usize = 256;
/// The most fuzzy terms (`word~N`) a query may hold.
pub const MAX_FUZZY_TERMS: usize = 8;

/// What a scan of the query found.
#[derive(Debug, Default, PartialEq, Eq)]
struct QueryShape {
    deepest: usize,
    clauses: usize,
    fuzzy_terms: usize,
}

/// Refuses a query whose length, nesting, number of clauses or of fuzzy terms is over
/// the limits, naming the limit and where it is crossed.
pub(crate) fn check_query_shape(q: &str) -> Result<(), SearchError> {
    let chars = q.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(too_large(format!(
            "the query has {chars} characters; at most {MAX_QUERY_CHARS} are accepted"
        )));
    }
    let shape = scan(q)?;
    if shape.clauses > MAX_QUERY_CLAUSES {
        return Err(too_large(format!(
            "the query has {} terms; at most {MAX_QUERY_CLAUSES} are accepted",
            shape.clauses
        )));
    }
    if shape.fuzzy_terms > MAX_FUZZY_TERMS {
        return Err(too_large(format!(
            "the query has {} fuzzy terms (`word~N`); at most {MAX_FUZZY_TERMS} are accepted",
            shape.fuzzy_terms
        )));
    }
    Ok(())
}

fn too_large(message: String) -> SearchError {
    SearchError::BadQuery {
        message,
        position: None,
    }
}

/// Scans `q` once, as the grammar tokenizes it: quoted phrases and escaped characters are
/// words, not syntax. Nesting counts open groups plus the `NOT`s that stand before a
/// group or a word in them (each is one more level of the grammar's descent).
fn scan(q: &str) -> Result<QueryShape, SearchError> {
    let mut shape = QueryShape::default();
    // For each open group, the `NOT`s chained in it so far.
    let mut groups: Vec<usize> = vec![0];
    let mut word = String::new();
    let mut in_phrase = false;
    let mut escaped = false;
    for (position, character) in q.char_indices() {
        if escaped {
            escaped = false;
            word.push(character);
            continue;
        }
        if character == '\\' {
            escaped = true;
            continue;
        }
        if in_phrase {
            if character == '"' {
                in_phrase = false;
            }
            continue;
        }
        match character {
            '"' => {
                in_phrase = true;
                shape.clauses += 1;
                end_word(&mut word, &mut shape, &mut groups);
            }
            '(' => {
                end_word(&mut word, &mut shape, &mut groups);
                groups.push(0);
                let depth = nesting(&groups);
                shape.deepest = shape.deepest.max(depth);
                if depth > MAX_QUERY_NESTING {
                    return Err(SearchError::BadQuery {
                        message: format!(
                            "the query nests groups and NOTs {depth} deep at position \
                             {position}; at most {MAX_QUERY_NESTING} levels are accepted"
                        ),
                        position: Some(position),
                    });
                }
            }
            ')' => {
                end_word(&mut word, &mut shape, &mut groups);
                if groups.len() > 1 {
                    groups.pop();
                }
                // The group was the leaf of the NOTs chained before it.
                let last = groups.len() - 1;
                groups[last] = 0;
            }
            c if c.is_whitespace() => end_word(&mut word, &mut shape, &mut groups),
            c => word.push(c),
        }
        let depth = nesting(&groups);
        shape.deepest = shape.deepest.max(depth);
        if depth > MAX_QUERY_NESTING {
            return Err(SearchError::BadQuery {
                message: format!(
                    "the query nests groups and NOTs {depth} deep at position {position}; \
                     at most {MAX_QUERY_NESTING} levels are accepted"
                ),
                position: Some(position),
            });
        }
    }
    end_word(&mut word, &mut shape, &mut groups);
    shape.deepest = shape.deepest.max(nesting(&groups));
    Ok(shape)
}

fn nesting(groups: &[usize]) -> usize {
    // The outermost entry is the query itself, not a group.
    groups.len() - 1 + groups.iter().sum::<usize>()
}

/// Counts the word that ends here: an operator, a `NOT` (one more level until the next
/// leaf), or a leaf.
fn end_word(word: &mut String, shape: &mut QueryShape, groups: &mut [usize]) {
    if word.is_empty() {
        return;
    }
    let last = groups.len() - 1;
    match word.as_str() {
        "AND" | "OR" | "&&" | "||" | "+" | "-" => {}
        "NOT" => groups[last] += 1,
        // A phrase's slop or a boost (`"a b"~2`, `"a b"^2`) belongs to the leaf before it.
        suffix if suffix.starts_with(['~', '^']) => {}
        leaf => {
            shape.clauses += 1;
            if is_fuzzy(leaf) {
                shape.fuzzy_terms += 1;
            }
            // A leaf closes the chain of NOTs that stood before it.
            groups[last] = 0;
        }
    }
    word.clear();
}

/// Whether a bare word is a fuzzy term: `word~` or `word~N` (a phrase's `"..."~N` is slop).
fn is_fuzzy(leaf: &str) -> bool {
    match leaf.rsplit_once('~') {
        Some((word, distance)) => {
            !word.is_empty() && !word.ends_with('"') && distance.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(q: &str) -> QueryShape {
        scan(q).expect("within the nesting limit")
    }

    #[test]
    fn counts_groups_and_chained_nots_as_nesting() {
        assert_eq!(shape("a b").deepest, 0);
        assert_eq!(shape("(a (b c))").deepest, 2);
        assert_eq!(shape("NOT NOT a").deepest, 2);
        assert_eq!(shape("NOT (NOT a)").deepest, 3);
        assert_eq!(shape("NOT (a) NOT (b)").deepest, 2);
        // A leaf ends the chain: NOTs side by side are not nested.
        assert_eq!(shape("NOT a NOT b NOT c").deepest, 1);
        assert_eq!(shape("title:(a OR (b))").deepest, 2);
    }

    #[test]
    fn parentheses_inside_phrases_and_escapes_are_words() {
        assert_eq!(shape("\"((((\" a").deepest, 0);
        assert_eq!(shape("\\(\\(\\( a").deepest, 0);
    }

    #[test]
    fn counts_leaves_and_fuzzy_terms() {
        let counted = shape("\"death penalty\"~2 AND drug* OR corruptoin~1 -prison femicde~");
        assert_eq!(counted.clauses, 5);
        assert_eq!(counted.fuzzy_terms, 2);
    }

    fn refused(q: &str) -> String {
        match check_query_shape(q) {
            Err(SearchError::BadQuery { message, .. }) => message,
            other => panic!("{q:.40}… was not refused: {other:?}"),
        }
    }

    #[test]
    fn refuses_deep_wide_and_long_queries_with_the_limit_named() {
        let deep = format!("{}x", "(".repeat(2500));
        assert!(refused(&deep).contains("at most 24 levels"));
        let nots = format!("{}x", "NOT ".repeat(30));
        assert!(refused(&nots).contains("at most 24 levels"));
        let fuzzy: Vec<String> = (0..9).map(|n| format!("w{n}~2")).collect();
        assert!(refused(&fuzzy.join(" ")).contains("9 fuzzy terms"));
        let wide: Vec<String> = (0..300).map(|n| format!("w{n}")).collect();
        assert!(refused(&wide.join(" ")).contains("300 terms"));
        assert!(refused(&"a".repeat(5000)).contains("5000 characters"));
    }

    #[test]
    fn accepts_what_people_write() {
        for q in [
            "\"death penalty\" AND (drug* OR narcotic) -prison",
            "forum:CND year:2014 femicide~1",
            &format!("{}x{}", "(".repeat(24), ")".repeat(24)),
        ] {
            check_query_shape(q).expect("accepted");
        }
    }
}
