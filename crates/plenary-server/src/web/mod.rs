//! The researcher's web page, served at `/`: plain HTML, CSS and JavaScript embedded in
//! the binary (no build step, nothing fetched outside the server). The page keeps its
//! state in the URL and reads everything from the JSON API.

use std::sync::LazyLock;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

const PAGE_TEMPLATE: &str = include_str!("index.html");
const PAGE_STYLE: &str = include_str!("app.css");
const PAGE_SCRIPT: &str = include_str!("app.js");

/// The page with its style and script inlined: one request, one response to cache.
static PAGE: LazyLock<String> = LazyLock::new(|| {
    PAGE_TEMPLATE
        .replacen("/*STYLE*/", PAGE_STYLE, 1)
        .replacen("/*SCRIPT*/", PAGE_SCRIPT, 1)
});

/// The page's Content-Security-Policy: its own inline script and style by their hashes,
/// requests to its own server only, and no framing (the page is never embedded).
static PAGE_CSP: LazyLock<String> = LazyLock::new(|| {
    format!(
        "default-src 'none'; script-src '{}'; style-src '{}'; connect-src 'self'; \
         img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        csp_hash(PAGE_SCRIPT),
        csp_hash(PAGE_STYLE)
    )
});

/// A CSP source for an inline element's exact text: `sha256-` and its base64 digest.
fn csp_hash(text: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// A validator of the page's bytes: it changes whenever a new binary serves a new page.
static PAGE_ETAG: LazyLock<String> =
    LazyLock::new(|| format!("\"{:016x}\"", fnv1a(PAGE.as_bytes())));

/// The page at `/`. Browsers revalidate it on every load (`no-cache`) and get a 304 while it is unchanged.
pub async fn index_page(headers: HeaderMap) -> Response {
    let etag = PAGE_ETAG.as_str();
    let unchanged = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| tag.trim() == etag));
    let common = [
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        (
            header::ETAG,
            HeaderValue::from_str(etag).unwrap_or(HeaderValue::from_static("\"0\"")),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&PAGE_CSP).unwrap_or(HeaderValue::from_static(
                "default-src 'none'; frame-ancestors 'none'",
            )),
        ),
    ];
    if unchanged {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        common,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        PAGE.as_str(),
    )
        .into_response()
}

/// 64-bit FNV-1a: enough to tell two builds of the page apart.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_the_hashes_of_the_inline_script_and_style() {
        // The digest of the empty string, as every SHA-256 implementation gives it.
        assert_eq!(
            csp_hash(""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        assert!(PAGE_CSP.contains(&format!("script-src '{}'", csp_hash(PAGE_SCRIPT))));
        assert!(PAGE_CSP.contains(&format!("style-src '{}'", csp_hash(PAGE_STYLE))));
        assert!(PAGE_CSP.contains("frame-ancestors 'none'"));
    }

    #[test]
    fn the_page_inlines_its_style_and_script_and_loads_nothing_from_outside() {
        assert!(!PAGE.contains("/*STYLE*/") && !PAGE.contains("/*SCRIPT*/"));
        assert!(PAGE.contains("id=\"search-form\""));
        assert!(PAGE.contains("function renderFacets"));
        for outside in ["http://", "https://", "//cdn", "@import"] {
            let allowed = "http://www.w3.org/2000/svg";
            let without_namespace = PAGE.replace(allowed, "");
            assert!(
                !without_namespace.contains(outside),
                "the page refers to {outside}"
            );
        }
    }
}
