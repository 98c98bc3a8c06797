//! The researcher's web page, served at `/`.

use axum::response::Html;

/// The page at `/`.
pub async fn index_page() -> Html<&'static str> {
    Html(PLACEHOLDER_PAGE)
}

const PLACEHOLDER_PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Plenary</title></head>
<body><h1>Plenary</h1>
<form action="/api/search"><input name="q" placeholder="Search statements" autofocus> <button>Search</button></form>
<p>The search API is at <a href="/api/search?q=">/api/search</a>, its description at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body></html>
"#;
