//! The web page in a real headless Chromium, driven over WebDriver (`chromedriver`):
//! type a query, tick facets, go back, open a document, see a bad query's message and
//! make a brief. The server is the real one on 127.0.0.1:0 over a real fixture index;
//! the expected numbers are what the JSON API answers for the same search.
//!
//! Skips with a notice when `chromium` or `chromedriver` is not installed. Set
//! `PLENARY_SCREENSHOTS=<dir>` to save screenshots of each step.

mod common;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use plenary_core::taxonomy::Taxonomy;
use plenary_server::api::ApiSettings;
use plenary_server::{AppState, SearchService};
use serde_json::{Value, json};

const STEP_TIMEOUT: Duration = Duration::from_secs(15);

/// Finds an executable on `PATH`.
fn find_executable(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|directory| directory.join(name))
        .find(|candidate| candidate.is_file())
}

/// The browser binary itself: Debian's `chromium` is a shell wrapper around it.
fn chromium_binary(wrapper: &Path) -> PathBuf {
    let real = Path::new("/usr/lib/chromium/chromium");
    if real.is_file() {
        return real.to_path_buf();
    }
    wrapper.to_path_buf()
}

fn start_server(index_dir: &Path) -> SocketAddr {
    let service =
        Arc::new(SearchService::open(index_dir, Taxonomy::bundled()).expect("open the index"));
    let state = AppState::new(service, ApiSettings::default());
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            sender.send(listener.local_addr().expect("address")).ok();
            axum::serve(listener, plenary_server::router(state))
                .await
                .expect("serve");
        });
    });
    receiver.recv().expect("the server starts")
}

/// A chromedriver process, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_driver(chromedriver: &Path) -> Driver {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < STEP_TIMEOUT,
            "chromedriver did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver { child, port }
}

async fn connect(driver: &Driver, chromium: &Path, profile: &Path) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_string(),
        json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session")
}

/// Polls `read` until it returns a value `accept` takes, and returns that value.
async fn wait_for<T: std::fmt::Debug>(
    what: &str,
    mut read: impl AsyncFnMut() -> T,
    accept: impl Fn(&T) -> bool,
) -> T {
    let started = Instant::now();
    loop {
        let value = read().await;
        if accept(&value) {
            return value;
        }
        if started.elapsed() > STEP_TIMEOUT {
            panic!("waited {STEP_TIMEOUT:?} for {what}; last saw {value:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn text_of(client: &Client, selector: &str) -> String {
    match client.find(Locator::Css(selector)).await {
        Ok(element) => element.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

async fn api(base: &str, path_and_query: &str) -> Value {
    reqwest::get(format!("{base}{path_and_query}"))
        .await
        .expect("API request")
        .json()
        .await
        .expect("API JSON")
}

/// The summary line the page shows for a total.
fn summary_prefix(total: u64) -> String {
    match total {
        0 => "No documents match".to_string(),
        1 => "1 document".to_string(),
        n => format!("{n} documents"),
    }
}

async fn hit_titles(client: &Client) -> Vec<String> {
    let mut titles = Vec::new();
    for element in client
        .find_all(Locator::Css("#hits .hit h2 a"))
        .await
        .unwrap_or_default()
    {
        titles.push(element.text().await.unwrap_or_default());
    }
    titles
}

fn api_titles(response: &Value) -> Vec<String> {
    response["hits"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .filter_map(|hit| hit["title"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Waits until the page shows the API's answer to `query_string`: the total and the titles.
async fn expect_results(client: &Client, base: &str, query_string: &str) -> Value {
    let response = api(base, &format!("/api/search?{query_string}&size=10")).await;
    let total = response["total"].as_u64().expect("total");
    let prefix = summary_prefix(total);
    wait_for(
        &format!("the summary `{prefix}` for {query_string}"),
        async || text_of(client, "#summary").await,
        |summary| summary.starts_with(&prefix),
    )
    .await;
    let expected = api_titles(&response);
    wait_for(
        &format!("the hits of {query_string}"),
        async || hit_titles(client).await,
        |titles| *titles == expected,
    )
    .await;
    response
}

async fn screenshot(client: &Client, name: &str) {
    let Some(directory) = std::env::var_os("PLENARY_SCREENSHOTS") else {
        return;
    };
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(Path::new(&directory).join(format!("{name}.png")), png);
    }
}

async fn facet_count(client: &Client, facet: &str, value: &str) -> Option<u64> {
    let selector = format!("input[data-facet=\"{facet}\"][data-value=\"{value}\"]");
    let checkbox = client.find(Locator::Css(&selector)).await.ok()?;
    let label_text = client
        .execute(
            "return arguments[0].closest('label').querySelector('.count').textContent;",
            vec![serde_json::to_value(&checkbox).ok()?],
        )
        .await
        .ok()?;
    label_text.as_str()?.parse().ok()
}

fn api_facet_count(response: &Value, facet: &str, value: &str) -> u64 {
    response["facets"][facet]
        .as_array()
        .and_then(|values| values.iter().find(|item| item["value"] == value))
        .and_then(|item| item["count"].as_u64())
        .unwrap_or(0)
}

async fn tick(client: &Client, facet: &str, value: &str) {
    let selector = format!("input[data-facet=\"{facet}\"][data-value=\"{value}\"]");
    client
        .wait()
        .at_most(STEP_TIMEOUT)
        .for_element(Locator::Css(&selector))
        .await
        .unwrap_or_else(|error| panic!("the checkbox {facet}={value}: {error}"))
        .click()
        .await
        .expect("tick");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_researcher_searches_filters_reads_and_makes_a_brief() {
    let (Some(chromium), Some(chromedriver)) =
        (find_executable("chromium"), find_executable("chromedriver"))
    else {
        plenary_testkit::skip("chromium not found (install chromium and chromium-driver)");
        return;
    };
    let index_dir = tempfile::tempdir().expect("temp dir");
    common::write_index(index_dir.path());
    let addr = start_server(index_dir.path());
    let base = format!("http://{addr}");
    let profile = tempfile::tempdir().expect("profile dir");
    let driver = start_driver(&chromedriver);
    let client = connect(&driver, &chromium_binary(&chromium), profile.path()).await;
    let outcome = run_journey(&client, &base).await;
    let _ = client.close().await;
    drop(driver);
    outcome
}

async fn run_journey(client: &Client, base: &str) {
    client
        .goto(&format!("{base}/"))
        .await
        .expect("open the page");
    expect_results(client, base, "").await;
    screenshot(client, "1-start").await;
    // Controls that have nothing to do stay hidden: no filter set, one page of results.
    let clear = client
        .find(Locator::Css("#clear-filters"))
        .await
        .expect("clear filters button");
    assert!(
        !clear.is_displayed().await.expect("displayed?"),
        "Clear all filters with no filter"
    );
    // Years in year order, newest first.
    let years: Vec<i64> = client
        .execute(
            "return Array.from(document.querySelectorAll('input[data-facet=year]')).map(i => parseInt(i.dataset.value, 10));",
            vec![],
        )
        .await
        .expect("year values")
        .as_array()
        .map(|values| values.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    assert!(years.len() > 3, "{years:?}");
    let mut newest_first = years.clone();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(years, newest_first, "year facet order");

    // Type a query.
    let input = client.find(Locator::Css("#q")).await.expect("search box");
    input.send_keys("death penalty").await.expect("type");
    client
        .find(Locator::Css("#search-button"))
        .await
        .expect("search button")
        .click()
        .await
        .expect("search");
    let searched = expect_results(client, base, "q=death+penalty").await;
    assert!(searched["total"].as_u64().unwrap_or(0) > 0, "{searched}");
    let snippet_marks = client
        .find_all(Locator::Css("#hits .snippet mark, #hits .passages mark"))
        .await
        .expect("marks");
    assert!(!snippet_marks.is_empty(), "highlighted snippets");
    let citation = text_of(client, "#hits .passages .cite").await;
    assert!(
        citation.contains(", para. "),
        "a passage citation: {citation}"
    );
    screenshot(client, "2-searched").await;

    // The facet shows the API's count; ticking it narrows the results to it.
    let cnd_count = api_facet_count(&searched, "forum", "CND");
    assert_eq!(facet_count(client, "forum", "CND").await, Some(cnd_count));
    tick(client, "forum", "CND").await;
    let narrowed = expect_results(client, base, "q=death+penalty&forum=CND").await;
    assert_eq!(narrowed["total"].as_u64(), Some(cnd_count));
    // Multi-select: a second forum adds its documents, its count unchanged by the first tick.
    let ccpcj_count = api_facet_count(&narrowed, "forum", "CCPCJ");
    assert_eq!(
        facet_count(client, "forum", "CCPCJ").await,
        Some(ccpcj_count)
    );
    tick(client, "forum", "CCPCJ").await;
    let widened = expect_results(client, base, "q=death+penalty&forum=CND&forum=CCPCJ").await;
    assert_eq!(widened["total"].as_u64(), Some(cnd_count + ccpcj_count));
    let url = client.current_url().await.expect("url");
    assert_eq!(url.query(), Some("q=death+penalty&forum=CND&forum=CCPCJ"));
    screenshot(client, "3-faceted").await;

    // The organization filter box asks the server for matching names.
    let filter = client
        .find(Locator::Css("#org-filter"))
        .await
        .expect("org filter");
    filter.send_keys("penal").await.expect("type a filter");
    let organizations = api(
        base,
        "/api/facets/org?q=death+penalty&forum=CND&forum=CCPCJ&prefix=penal",
    )
    .await;
    let expected_names: Vec<String> = organizations["values"]
        .as_array()
        .expect("values")
        .iter()
        .filter_map(|value| value["value"].as_str().map(str::to_string))
        .collect();
    assert!(!expected_names.is_empty(), "{organizations}");
    wait_for(
        "the filtered organizations",
        async || {
            let mut names = Vec::new();
            for element in client
                .find_all(Locator::Css("#facet-values-org .name"))
                .await
                .unwrap_or_default()
            {
                names.push(element.text().await.unwrap_or_default());
            }
            names
        },
        |names| *names == expected_names,
    )
    .await;

    // Export and brief links carry the search.
    let export = client
        .find(Locator::Css("#export-link"))
        .await
        .expect("export link")
        .attr("href")
        .await
        .expect("href")
        .expect("an export href");
    assert_eq!(
        export,
        "/api/export?q=death+penalty&forum=CND&forum=CCPCJ&format=csv"
    );
    let csv = reqwest::get(format!("{base}{export}"))
        .await
        .expect("export")
        .text()
        .await
        .expect("CSV");
    let rows = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .filter(Result::is_ok)
        .count() as u64;
    assert_eq!(
        rows,
        cnd_count + ccpcj_count,
        "one row per document:\n{csv}"
    );
    let markdown_link = client
        .find(Locator::Css("#brief-md-link"))
        .await
        .expect("markdown brief link")
        .attr("href")
        .await
        .expect("href")
        .expect("a brief href");
    let markdown = reqwest::get(format!("{base}{markdown_link}"))
        .await
        .expect("markdown brief");
    assert_eq!(
        markdown
            .headers()
            .get("content-disposition")
            .and_then(|value| value.to_str().ok()),
        Some("attachment; filename=\"brief-search.md\"")
    );

    // The back button returns to the previous search.
    client.back().await.expect("back");
    expect_results(client, base, "q=death+penalty&forum=CND").await;

    // Open a document: its paragraphs with numbers and the query terms highlighted.
    let first_title = hit_titles(client).await.into_iter().next().expect("a hit");
    client
        .find(Locator::Css("#hits .hit h2 a"))
        .await
        .expect("a hit link")
        .click()
        .await
        .expect("open");
    let title = wait_for(
        "the document title",
        async || text_of(client, "#document-title").await,
        |title| !title.is_empty(),
    )
    .await;
    assert_eq!(title, first_title);
    let numbers = text_of(client, "#paragraphs .num").await;
    assert_eq!(numbers, "1.");
    let marked = client
        .find_all(Locator::Css("#paragraphs mark"))
        .await
        .expect("marks");
    assert!(
        !marked.is_empty(),
        "query terms highlighted in the document"
    );
    screenshot(client, "4-document").await;
    client
        .find(Locator::Css("#back-to-results"))
        .await
        .expect("back link")
        .click()
        .await
        .expect("back to results");
    expect_results(client, base, "q=death+penalty&forum=CND").await;

    // A bad query shows the API's message.
    let input = client.find(Locator::Css("#q")).await.expect("search box");
    input.clear().await.expect("clear");
    input.send_keys("death AND (penalty").await.expect("type");
    client
        .find(Locator::Css("#search-button"))
        .await
        .expect("button")
        .click()
        .await
        .expect("search");
    let bad = reqwest::get(format!(
        "{base}/api/search?q=death+AND+%28penalty&forum=CND"
    ))
    .await
    .expect("API");
    assert_eq!(bad.status().as_u16(), 400);
    let bad: Value = bad.json().await.expect("error JSON");
    let message = bad["error"]["message"]
        .as_str()
        .expect("message")
        .to_string();
    let shown = wait_for(
        "the error message",
        async || text_of(client, "#error").await,
        |text| !text.is_empty(),
    )
    .await;
    assert!(shown.contains(&message), "{shown} should show {message}");
    screenshot(client, "5-error").await;
    client.back().await.expect("back");
    expect_results(client, base, "q=death+penalty&forum=CND").await;

    // At phone width nothing runs off the side of the screen.
    client.set_window_size(390, 844).await.expect("phone width");
    let overflow = client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            Vec::new(),
        )
        .await
        .expect("measure");
    screenshot(client, "5-phone").await;
    assert_eq!(
        overflow.as_i64(),
        Some(0),
        "horizontal overflow at phone width"
    );
    client
        .set_window_size(1280, 1000)
        .await
        .expect("desktop width");

    // Make a brief of the search.
    client
        .find(Locator::Css("#brief-link"))
        .await
        .expect("brief link")
        .click()
        .await
        .expect("make a brief");
    let heading = wait_for(
        "the brief",
        async || text_of(client, "h1").await,
        |heading| heading.starts_with("Brief:"),
    )
    .await;
    assert_eq!(heading, "Brief: “death penalty”");
    let source = client.source().await.expect("brief source");
    assert!(source.contains("para. "), "the brief quotes with citations");
    assert!(source.contains(&format!(
        "<strong>{}</strong> matching document",
        narrowed["total"]
    )));
    screenshot(client, "6-brief").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_sees_other_languages_and_reads_two_side_by_side() {
    let (Some(chromium), Some(chromedriver)) =
        (find_executable("chromium"), find_executable("chromedriver"))
    else {
        plenary_testkit::skip("chromium not found (install chromium and chromium-driver)");
        return;
    };
    let index_dir = tempfile::tempdir().expect("temp dir");
    common::write_index(index_dir.path());
    let addr = start_server(index_dir.path());
    let base = format!("http://{addr}");
    let profile = tempfile::tempdir().expect("profile dir");
    let driver = start_driver(&chromedriver);
    let client = connect(&driver, &chromium_binary(&chromium), profile.path()).await;
    let outcome = run_side_by_side(&client, &base).await;
    let _ = client.close().await;
    drop(driver);
    outcome
}

/// The horizontal overflow of the page, in pixels.
async fn horizontal_overflow(client: &Client) -> Option<i64> {
    client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            Vec::new(),
        )
        .await
        .expect("measure")
        .as_i64()
}

/// The boxes (left, top, right, bottom) of the first paragraph pair of the aligned view.
async fn first_pair_boxes(client: &Client) -> Vec<f64> {
    let value = client
        .execute(
            "const cells = document.querySelectorAll('#aligned .aligned-cell');\
             if (cells.length < 2) return [];\
             const a = cells[0].getBoundingClientRect(), b = cells[1].getBoundingClientRect();\
             return [a.left, a.top, a.right, a.bottom, b.left, b.top, b.right, b.bottom];",
            Vec::new(),
        )
        .await
        .expect("measure the pair");
    value
        .as_array()
        .map(|values| values.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

async fn run_side_by_side(client: &Client, base: &str) {
    let query = "q=executions+international+law";
    client
        .goto(&format!("{base}/?{query}"))
        .await
        .expect("open the page");
    let response = expect_results(client, base, query).await;
    let english = response["hits"]
        .as_array()
        .and_then(|hits| {
            hits.iter()
                .position(|hit| hit["symbol"] == "E/CN.7/2014/NGO/3" && hit["language"] == "en")
        })
        .expect("the English hit");
    let hit = format!("#hits .hit:nth-child({})", english + 1);
    // Under the hit: a link to its French version, and that version's paragraph 2.
    let link = wait_for(
        "the link to the French version",
        async || text_of(client, &format!("{hit} .versions a[hreflang=fr]")).await,
        |text| !text.is_empty(),
    )
    .await;
    assert_eq!(link, "French");
    client
        .find(Locator::Css(&format!("{hit} .version-paragraphs summary")))
        .await
        .expect("the versions' paragraphs")
        .click()
        .await
        .expect("open them");
    let summary = text_of(client, &format!("{hit} .version-paragraphs summary")).await;
    assert_eq!(summary, "Paragraph 2 in French");
    let paragraph = text_of(client, &format!("{hit} .version-paragraphs li [lang=fr]")).await;
    assert!(
        paragraph.starts_with("2. Les exécutions"),
        "the French paragraph 2: {paragraph}"
    );
    screenshot(client, "versions-1-hit").await;

    // Open the English document and compare it with the French one.
    client
        .find(Locator::Css(&format!("{hit} h2 a")))
        .await
        .expect("the hit's link")
        .click()
        .await
        .expect("open the document");
    client
        .wait()
        .at_most(STEP_TIMEOUT)
        .for_element(Locator::Css("#compare-lang"))
        .await
        .expect("the compare control");
    client
        .execute(
            "const select = document.getElementById('compare-lang');\
             select.value = 'fr'; select.dispatchEvent(new Event('change'));",
            Vec::new(),
        )
        .await
        .expect("choose French");
    let cells = wait_for(
        "the paragraphs side by side",
        async || {
            client
                .find_all(Locator::Css("#aligned .aligned-cell"))
                .await
                .map(|cells| cells.len())
                .unwrap_or_default()
        },
        |count| *count == 6,
    )
    .await;
    assert_eq!(cells, 6, "three pairs");
    let languages = client
        .execute(
            "return Array.from(document.querySelectorAll('#aligned .aligned-cell'))\
             .map(c => c.getAttribute('lang') + '/' + c.getAttribute('dir'));",
            Vec::new(),
        )
        .await
        .expect("the cells' languages");
    assert_eq!(
        languages,
        serde_json::json!([
            "en/auto", "fr/auto", "en/auto", "fr/auto", "en/auto", "fr/auto"
        ])
    );
    let single = client
        .find(Locator::Css("#paragraphs"))
        .await
        .expect("the single text");
    assert!(
        !single.is_displayed().await.expect("displayed?"),
        "the single text gives way to the pairs"
    );
    // At desktop width the pair stands side by side, on one line.
    let boxes = first_pair_boxes(client).await;
    assert_eq!(boxes.len(), 8, "{boxes:?}");
    assert!(
        boxes[4] >= boxes[2],
        "the French beside the English: {boxes:?}"
    );
    assert!((boxes[1] - boxes[5]).abs() < 1.0, "on one line: {boxes:?}");
    assert_eq!(horizontal_overflow(client).await, Some(0));
    screenshot(client, "versions-2-side-by-side").await;

    // At phone width the French stands under the English, and nothing runs off the side.
    client.set_window_size(390, 844).await.expect("phone width");
    let boxes = wait_for(
        "the pair stacked",
        async || first_pair_boxes(client).await,
        |boxes| boxes.len() == 8 && boxes[5] >= boxes[3] - 0.5,
    )
    .await;
    assert!(boxes[6] <= 390.0, "{boxes:?}");
    assert_eq!(
        horizontal_overflow(client).await,
        Some(0),
        "horizontal overflow at phone width"
    );
    screenshot(client, "versions-3-phone").await;
    client
        .set_window_size(1280, 1000)
        .await
        .expect("desktop width");

    // Back to one text.
    client
        .execute(
            "const select = document.getElementById('compare-lang');\
             select.value = ''; select.dispatchEvent(new Event('change'));",
            Vec::new(),
        )
        .await
        .expect("choose none");
    wait_for(
        "the single text again",
        async || single.is_displayed().await.unwrap_or(false),
        |shown| *shown,
    )
    .await;
}
