//! The markup of snippets: text escaped for HTML with `<mark>` around the matches. The
//! service writes it; [`snippet_runs`] reads it back into plain text runs, so that a
//! terminal, a brief or a document renders the marks its own way.

/// Escapes `&`, `<`, `>`, `"` and `'`.
pub(crate) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#x27;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// Undoes [`escape_html`] (and reads `&#39;`, the other common spelling of `'`).
fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A stretch of a snippet's plain text, inside a match or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetRun {
    pub text: String,
    pub marked: bool,
}

/// Splits a snippet of the search service into plain-text runs, marks removed.
///
/// ```
/// use plenary_server::search::{SnippetRun, snippet_runs};
/// let runs = snippet_runs("the <mark>death</mark> &amp; it&#x27;s");
/// assert_eq!(runs[1], SnippetRun { text: "death".into(), marked: true });
/// assert_eq!(runs[2].text, " & it's");
/// ```
pub fn snippet_runs(snippet: &str) -> Vec<SnippetRun> {
    let mut runs = Vec::new();
    let mut marked = false;
    let mut rest = snippet;
    while !rest.is_empty() {
        let tag = if marked { "</mark>" } else { "<mark>" };
        let (text, after) = match rest.find(tag) {
            Some(position) => (&rest[..position], Some(&rest[position + tag.len()..])),
            None => (rest, None),
        };
        if !text.is_empty() {
            runs.push(SnippetRun {
                text: unescape_html(text),
                marked,
            });
        }
        match after {
            Some(after) => {
                rest = after;
                marked = !marked;
            }
            None => break,
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_and_reading_back_give_the_text() {
        let text = "Tom & Jerry's <b>\"quote\"</b>";
        let runs = snippet_runs(&format!("<mark>{}</mark>", escape_html(text)));
        assert_eq!(
            runs,
            [SnippetRun {
                text: text.to_string(),
                marked: true
            }]
        );
    }
}
