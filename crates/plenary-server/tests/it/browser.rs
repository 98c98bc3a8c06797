//! The web page in a real headless Chromium, driven over WebDriver (`chromedriver`):
//! type a query, tick facets, go back, open a document, see a bad query's message and
//! make a brief. The server is the real one on 127.0.0.1:0 over a real fixture index;
//! the expected numbers are what the JSON API answers for the same search.
//!
//! The page at desktop (1400×1000) and phone (390×844) widths: filters behind a button
//! on a phone, nothing running off the side, right-to-left paragraphs, years as a range
//! in the URL, a timeline with its gaps, the keyboard reaching every control, and an
//! accessibility check (axe-core, run inside the page) of the main views.
//!
//! Skips with a notice when `chromium` or `chromedriver` is not installed; the
//! accessibility check skips with a notice when axe-core is not found (`PLENARY_AXE_JS`
//! names its `axe.min.js`; `.ci/run` fetches it with npm). Screenshots of each step go
//! to `PLENARY_SCREENSHOTS`, or else to `screenshots/` in the target directory.

use crate::common;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use plenary_core::model::{DocType, Document, Forum};
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
                "--disable-dev-shm-usage", "--window-size=1400,1000",
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

/// Where screenshots go: `PLENARY_SCREENSHOTS`, or `screenshots/` in the target
/// directory this test runs from (`target/debug/deps/browser-…` → `target/screenshots`).
fn screenshot_directory() -> Option<PathBuf> {
    if let Some(directory) = std::env::var_os("PLENARY_SCREENSHOTS") {
        return Some(PathBuf::from(directory));
    }
    let executable = std::env::current_exe().ok()?;
    Some(executable.ancestors().nth(3)?.join("screenshots"))
}

async fn screenshot(client: &Client, name: &str) {
    let Some(directory) = screenshot_directory() else {
        return;
    };
    if std::fs::create_dir_all(&directory).is_err() {
        return;
    }
    if let Ok(png) = client.screenshot().await {
        let path = directory.join(format!("{name}.png"));
        if std::fs::write(&path, png).is_ok() {
            println!("screenshot: {}", path.display());
        }
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

/// One browser at a time: the tests share a small machine with other work.
static BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A browser on a page server over an index of `documents`: the server, chromedriver
/// and the temporary directories live as long as it does.
struct Browser {
    client: Client,
    base: String,
    _driver: Driver,
    _profile: tempfile::TempDir,
    _index: tempfile::TempDir,
}

/// Starts a server and a browser, or records a skip and returns `None` without Chromium.
async fn open_browser(documents: &[Document]) -> Option<Browser> {
    let (Some(chromium), Some(chromedriver)) =
        (find_executable("chromium"), find_executable("chromedriver"))
    else {
        plenary_testkit::skip("chromium not found (install chromium and chromium-driver)");
        return None;
    };
    let index = tempfile::tempdir().expect("temp dir");
    common::write_documents(index.path(), documents);
    let addr = start_server(index.path());
    let profile = tempfile::tempdir().expect("profile dir");
    let driver = start_driver(&chromedriver);
    let client = connect(&driver, &chromium_binary(&chromium), profile.path()).await;
    Some(Browser {
        client,
        base: format!("http://{addr}"),
        _driver: driver,
        _profile: profile,
        _index: index,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_researcher_searches_filters_reads_and_makes_a_brief() {
    let _one_at_a_time = BROWSER.lock().await;
    let Some(browser) = open_browser(&common::documents()).await else {
        return;
    };
    run_journey(&browser.client, &browser.base).await;
    let _ = browser.client.close().await;
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
        .set_window_size(1400, 1000)
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

// ---- phone and desktop layout, years, keyboard, accessibility ----

const DESKTOP: (u32, u32) = (1400, 1000);
const PHONE: (u32, u32) = (390, 844);

/// A statement in Arabic beside the fixture: right-to-left paragraphs, and a CND session
/// that leaves gaps in the forum's sessions (57, 59, 62).
const ARABIC: common::Fixture = common::Fixture {
    symbol: Some("E/CN.7/2019/NGO/5"),
    title: "عقوبة الإعدام على جرائم المخدرات",
    forum: Some(Forum::Cnd),
    session: Some(62),
    date: Some("2019-03-14"),
    organization: Some("Harm Reduction International"),
    status: None,
    doc_type: DocType::Statement,
    language: "ar",
    topics: &["death-penalty", "drug-policy"],
    text: "1. تدعو المنظمة الدول إلى إلغاء عقوبة الإعدام على جرائم المخدرات، وفقاً للقانون الدولي.\n\n\
           2. إن الإعدام لا يحمي الصحة العامة (انظر التقرير السنوي).",
};

fn documents_with_arabic() -> Vec<Document> {
    let mut documents = common::documents();
    documents.push(common::document(common::FIXTURES.len(), &ARABIC));
    documents
}

async fn resize(client: &Client, (width, height): (u32, u32)) {
    client
        .set_window_size(width, height)
        .await
        .expect("resize the window");
    wait_for(
        &format!("a viewport {width} wide"),
        async || {
            client
                .execute("return window.innerWidth;", Vec::new())
                .await
                .ok()
                .and_then(|width| width.as_u64())
        },
        |inner| inner.is_some_and(|inner| inner.abs_diff(u64::from(width)) <= 20),
    )
    .await;
}

async fn run_js(client: &Client, script: &str) -> Value {
    client
        .execute(script, Vec::new())
        .await
        .unwrap_or_else(|error| panic!("{script}: {error}"))
}

/// How far the page runs off its right side, in CSS pixels (0 when it fits).
async fn overflow(client: &Client) -> i64 {
    run_js(
        client,
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
    )
    .await
    .as_i64()
    .expect("a width")
}

async fn displayed(client: &Client, selector: &str) -> bool {
    match client.find(Locator::Css(selector)).await {
        Ok(element) => element.is_displayed().await.unwrap_or(false),
        Err(_) => false,
    }
}

/// The element's box: left, top, right, bottom.
async fn rect(client: &Client, selector: &str) -> [f64; 4] {
    let value = run_js(
        client,
        &format!(
            "const r = document.querySelector({}).getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];",
            json!(selector)
        ),
    )
    .await;
    let numbers: Vec<f64> = value
        .as_array()
        .map(|values| values.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    numbers
        .try_into()
        .unwrap_or_else(|_| panic!("the box of {selector}"))
}

async fn click(client: &Client, selector: &str) {
    client
        .wait()
        .at_most(STEP_TIMEOUT)
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|error| panic!("{selector}: {error}"))
        .click()
        .await
        .unwrap_or_else(|error| panic!("click {selector}: {error}"));
}

async fn query_of(client: &Client) -> String {
    client
        .current_url()
        .await
        .expect("url")
        .query()
        .unwrap_or("")
        .to_string()
}

/// The timeline's bars as (key, count), left to right.
async fn timeline_bars(client: &Client) -> Vec<(String, u64)> {
    let value = run_js(
        client,
        "return Array.from(document.querySelectorAll('#timeline-chart rect[data-key]'))
           .map(r => [r.dataset.key, parseInt(r.dataset.count, 10)]);",
    )
    .await;
    value
        .as_array()
        .map(|bars| {
            bars.iter()
                .filter_map(|bar| Some((bar[0].as_str()?.to_string(), bar[1].as_u64()?)))
                .collect()
        })
        .unwrap_or_default()
}

async fn open_document(client: &Client, base: &str, id: &str) {
    client
        .goto(&format!("{base}/?doc={id}"))
        .await
        .expect("open the document");
    wait_for(
        "the document title",
        async || text_of(client, "#document-title").await,
        |title| !title.is_empty(),
    )
    .await;
}

async fn first_id(base: &str, query_string: &str) -> String {
    let response = api(base, &format!("/api/search?{query_string}")).await;
    response["hits"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("a hit for {query_string}: {response}"))
        .to_string()
}

async fn open_brief(client: &Client, base: &str) {
    client
        .goto(&format!("{base}/api/brief?q=death+penalty&format=html"))
        .await
        .expect("open the brief");
    wait_for(
        "the brief",
        async || text_of(client, "h1").await,
        |heading| heading.starts_with("Brief:"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_fits_a_phone_and_a_desktop() {
    let _one_at_a_time = BROWSER.lock().await;
    let Some(browser) = open_browser(&documents_with_arabic()).await else {
        return;
    };
    let (client, base) = (&browser.client, browser.base.as_str());
    for (size, width) in [(DESKTOP, "desktop"), (PHONE, "phone")] {
        let phone = size == PHONE;
        resize(client, size).await;

        // Results: on a phone the filters wait behind a button above the results.
        client
            .goto(&format!("{base}/"))
            .await
            .expect("open the page");
        expect_results(client, base, "").await;
        assert_eq!(overflow(client).await, 0, "{width}: results overflow");
        assert_eq!(
            displayed(client, "#filters-toggle").await,
            phone,
            "{width}: the Filters button"
        );
        assert_eq!(
            displayed(client, "#facets").await,
            !phone,
            "{width}: the facets"
        );
        let hits = rect(client, "#hits").await;
        if phone {
            click(client, "#filters-toggle").await;
            wait_for(
                "the filters to open",
                async || displayed(client, "#facets").await,
                |shown| *shown,
            )
            .await;
            let toggle = client
                .find(Locator::Css("#filters-toggle"))
                .await
                .expect("toggle");
            assert_eq!(
                toggle.attr("aria-expanded").await.expect("attr").as_deref(),
                Some("true")
            );
            let facets = rect(client, "#facets").await;
            let hits = rect(client, "#hits").await;
            assert!(
                facets[3] <= hits[1],
                "{width}: the open filters come before the results"
            );
            assert!(
                displayed(client, "#year-from").await,
                "the year range in the filters"
            );
            assert_eq!(overflow(client).await, 0, "{width}: open filters overflow");
            screenshot(client, "phone-filters").await;
            // Escape closes them and gives the focus back to their button.
            client
                .find(Locator::Css("#year-from"))
                .await
                .expect("year from")
                .send_keys("\u{E00C}")
                .await
                .expect("Escape");
            wait_for(
                "the filters to close",
                async || displayed(client, "#facets").await,
                |shown| !*shown,
            )
            .await;
            let focused = run_js(client, "return document.activeElement.id;").await;
            assert_eq!(focused, json!("filters-toggle"));
        } else {
            let facets = rect(client, "#facets").await;
            assert!(facets[2] <= hits[0], "{width}: facets beside the results");
        }

        // The timeline: its labels as large as the page's small print, none on another.
        wait_for(
            "the timeline",
            async || displayed(client, "#timeline").await,
            |shown| *shown,
        )
        .await;
        let ticks = run_js(
            client,
            "const chart = document.getElementById('timeline-chart').getBoundingClientRect();
             const ticks = Array.from(document.querySelectorAll('#timeline-chart text.tick'))
               .map(t => t.getBoundingClientRect());
             const overlaps = ticks.slice(1).filter((t, i) => t.left < ticks[i].right).length;
             const svg = document.querySelector('#timeline-chart svg').getBoundingClientRect();
             return { count: ticks.length, smallest: Math.min(...ticks.map(t => t.height)), overlaps: overlaps,
                      fits: svg.right <= chart.right + 1 && svg.left >= chart.left - 1 };",
        )
        .await;
        assert!(ticks["count"].as_u64() > Some(1), "{width}: {ticks}");
        assert!(
            ticks["smallest"].as_f64() >= Some(11.0),
            "{width}: timeline labels too small: {ticks}"
        );
        assert_eq!(ticks["overlaps"].as_u64(), Some(0), "{width}: {ticks}");
        assert_eq!(ticks["fits"], json!(true), "{width}: {ticks}");
        screenshot(client, &format!("{width}-results")).await;

        // The document view: within the screen, header in sight, Arabic right to left.
        let arabic = first_id(base, "lang=ar").await;
        open_document(client, base, &arabic).await;
        assert_eq!(overflow(client).await, 0, "{width}: document overflow");
        let article = rect(client, "#document").await;
        let viewport = run_js(client, "return document.documentElement.clientWidth;")
            .await
            .as_f64()
            .expect("width");
        assert!(
            article[0] >= 0.0 && article[2] <= viewport,
            "{width}: {article:?} in {viewport}"
        );
        let top = rect(client, "#q").await;
        assert!(
            top[1] >= 0.0,
            "{width}: the search box scrolled away: {top:?}"
        );
        let directions = run_js(
            client,
            "return Array.from(document.querySelectorAll('#paragraphs li'))
               .map(li => [li.lang, getComputedStyle(li).direction]);",
        )
        .await;
        let directions = directions.as_array().expect("paragraphs");
        assert!(!directions.is_empty());
        for paragraph in directions {
            assert_eq!(
                paragraph,
                &json!(["ar", "rtl"]),
                "{width}: an Arabic paragraph"
            );
        }
        screenshot(client, &format!("{width}-document-arabic")).await;
        let english = first_id(base, "q=death+penalty&lang=en").await;
        open_document(client, base, &english).await;
        assert_eq!(overflow(client).await, 0, "{width}: document overflow");
        let direction = run_js(
            client,
            "return getComputedStyle(document.querySelector('#paragraphs li')).direction;",
        )
        .await;
        assert_eq!(direction, json!("ltr"), "{width}: an English paragraph");
        screenshot(client, &format!("{width}-document")).await;

        // The brief: its tables within the screen.
        open_brief(client, base).await;
        assert_eq!(overflow(client).await, 0, "{width}: brief overflow");
        let widest = run_js(
            client,
            "return Math.max(...Array.from(document.querySelectorAll('table, svg'))
               .map(t => t.getBoundingClientRect().right)) - document.documentElement.clientWidth;",
        )
        .await;
        assert!(
            widest.as_f64() <= Some(0.0),
            "{width}: a brief table runs off: {widest}"
        );
        screenshot(client, &format!("{width}-brief")).await;
    }
    let _ = browser.client.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn years_are_a_range_in_the_url_and_the_timeline_keeps_its_gaps() {
    let _one_at_a_time = BROWSER.lock().await;
    let Some(browser) = open_browser(&documents_with_arabic()).await else {
        return;
    };
    let (client, base) = (&browser.client, browser.base.as_str());
    resize(client, DESKTOP).await;

    // A range in the URL: the boxes show it, the results and links follow it.
    client
        .goto(&format!("{base}/?year_from=2015&year_to=2018"))
        .await
        .expect("open the page");
    expect_results(client, base, "year_from=2015&year_to=2018").await;
    let value_of = async |selector: &str| {
        client
            .find(Locator::Css(selector))
            .await
            .expect(selector)
            .prop("value")
            .await
            .expect("value")
            .unwrap_or_default()
    };
    assert_eq!(value_of("#year-from").await, "2015");
    assert_eq!(value_of("#year-to").await, "2018");
    assert!(
        displayed(client, "#clear-filters").await,
        "a range is a filter"
    );
    let export = client
        .find(Locator::Css("#export-link"))
        .await
        .expect("export")
        .attr("href")
        .await
        .expect("href")
        .unwrap_or_default();
    assert!(export.contains("year_from=2015&year_to=2018"), "{export}");
    // The timeline keeps the year without documents (2017) as an empty slot, in year order.
    let bars = wait_for(
        "the timeline of 2015–2018",
        async || timeline_bars(client).await,
        |bars| bars.len() == 4,
    )
    .await;
    let keys: Vec<&str> = bars.iter().map(|(key, _)| key.as_str()).collect();
    assert_eq!(keys, ["2015", "2016", "2017", "2018"]);
    assert_eq!(bars[2].1, 0, "2017 has no documents: {bars:?}");
    assert!(bars[0].1 > 0 && bars[1].1 > 0 && bars[3].1 > 0, "{bars:?}");
    let note = text_of(client, "#timeline-note").await;
    assert!(note.contains("1 year without matching documents"), "{note}");
    // Every year of the range in the year facet, newest first.
    let years: Vec<i64> = run_js(
        client,
        "return Array.from(document.querySelectorAll('input[data-facet=year]')).map(i => parseInt(i.dataset.value, 10));",
    )
    .await
    .as_array()
    .map(|values| values.iter().filter_map(Value::as_i64).collect())
    .unwrap_or_default();
    assert_eq!(years, [2018, 2016, 2015]);

    // Typing a range (either way round) puts it in the URL.
    for (from, to, expected) in [
        ("2016", "2019", "year_from=2016&year_to=2019"),
        ("2019", "2014", "year_from=2014&year_to=2019"),
    ] {
        for (selector, year) in [("#year-from", from), ("#year-to", to)] {
            let input = client.find(Locator::Css(selector)).await.expect(selector);
            input.clear().await.expect("clear");
            input.send_keys(year).await.expect("type a year");
        }
        client
            .find(Locator::Css("#year-to"))
            .await
            .expect("year to")
            .send_keys("\u{E007}")
            .await
            .expect("Enter");
        wait_for(
            &format!("the URL {expected}"),
            async || query_of(client).await,
            |query| query == expected,
        )
        .await;
        expect_results(client, base, expected).await;
    }
    // Back restores the previous range, boxes and results.
    client.back().await.expect("back");
    expect_results(client, base, "year_from=2016&year_to=2019").await;
    assert_eq!(value_of("#year-from").await, "2016");
    assert_eq!(value_of("#year-to").await, "2019");
    // One end alone.
    let input = client.find(Locator::Css("#year-from")).await.expect("from");
    input.clear().await.expect("clear");
    client
        .find(Locator::Css("#year-apply"))
        .await
        .expect("apply")
        .click()
        .await
        .expect("apply");
    wait_for(
        "the URL year_to=2019",
        async || query_of(client).await,
        |query| query == "year_to=2019",
    )
    .await;
    expect_results(client, base, "year_to=2019").await;
    // Clear all filters clears the range.
    click(client, "#clear-filters").await;
    wait_for(
        "an empty URL",
        async || query_of(client).await,
        |query| query.is_empty(),
    )
    .await;
    expect_results(client, base, "").await;
    assert_eq!(value_of("#year-to").await, "");

    // One forum: its timeline by session, with the sessions it lacks as gaps.
    assert!(
        !displayed(client, "#by-session-label").await,
        "by session needs one forum"
    );
    client
        .goto(&format!("{base}/?forum=CND"))
        .await
        .expect("open");
    expect_results(client, base, "forum=CND").await;
    click(client, "#by-session").await;
    wait_for(
        "by=session in the URL",
        async || query_of(client).await,
        |query| query == "forum=CND&by=session",
    )
    .await;
    let bars = wait_for(
        "the timeline by session",
        async || timeline_bars(client).await,
        |bars| bars.first().is_some_and(|(key, _)| key.starts_with("CND/")),
    )
    .await;
    let keys: Vec<&str> = bars.iter().map(|(key, _)| key.as_str()).collect();
    assert_eq!(
        keys,
        ["CND/57", "CND/58", "CND/59", "CND/60", "CND/61", "CND/62"]
    );
    let counts: Vec<u64> = bars.iter().map(|(_, count)| *count).collect();
    let timeline = api(base, "/api/analytics/timeline?forum=CND&by=session").await;
    for bucket in timeline["buckets"].as_array().expect("buckets") {
        let key = bucket["key"].as_str().expect("key");
        let position = keys.iter().position(|shown| *shown == key).expect(key);
        assert_eq!(Some(counts[position]), bucket["count"].as_u64(), "{key}");
    }
    assert_eq!((counts[1], counts[3], counts[4]), (0, 0, 0), "{bars:?}");
    let caption = text_of(client, "#timeline figcaption").await;
    assert!(caption.contains("per session of CND"), "{caption}");
    screenshot(client, "desktop-timeline-by-session").await;
    // Reloading the URL keeps the view.
    client.refresh().await.expect("reload");
    wait_for(
        "the timeline by session again",
        async || timeline_bars(client).await.len(),
        |bars| *bars == 6,
    )
    .await;
    let _ = browser.client.close().await;
}

/// The keyboard reaches every control, each shows where the focus is, and the
/// document view takes the focus without a frame around it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keyboard_reaches_every_control_and_axe_finds_no_serious_violation() {
    let _one_at_a_time = BROWSER.lock().await;
    let Some(browser) = open_browser(&documents_with_arabic()).await else {
        return;
    };
    let (client, base) = (&browser.client, browser.base.as_str());
    resize(client, DESKTOP).await;
    client
        .goto(&format!("{base}/?q=death+penalty"))
        .await
        .expect("open the page");
    expect_results(client, base, "q=death+penalty").await;
    client
        .find(Locator::Css("#q"))
        .await
        .expect("search box")
        .click()
        .await
        .expect("focus the search box");
    let mut reached = Vec::new();
    for _ in 0..300 {
        client
            .active_element()
            .await
            .expect("focused element")
            .send_keys("\u{E004}")
            .await
            .expect("Tab");
        let focused = run_js(
            client,
            "const e = document.activeElement; const style = getComputedStyle(e);
             return { name: e.dataset.facet ? 'facet:' + e.dataset.facet : e.id || e.tagName.toLowerCase() + (e.closest('.hit') ? '.hit' : ''),
                      tag: e.tagName.toLowerCase(), outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };",
        )
        .await;
        let name = focused["name"].as_str().unwrap_or_default().to_string();
        // Past the last control the focus leaves the page (or comes round again).
        if focused["tag"] == json!("body") || name == "q" || name == "skip" {
            break;
        }
        assert!(
            !["main", "article", "html"].contains(&focused["tag"].as_str().unwrap_or_default()),
            "the focus framed the page: {focused}"
        );
        assert!(
            focused["outline"] != json!("none") && focused["width"].as_f64() >= Some(2.0),
            "no visible focus on {focused}"
        );
        reached.push(name);
    }
    for control in [
        "search-button",
        "xlang",
        "filters-toggle",
        "year-from",
        "year-to",
        "year-apply",
        "facet:topic",
        "facet:forum",
        "facet:year",
        "org-filter",
        "sort",
        "export-link",
        "brief-link",
        "a.hit",
    ] {
        if control == "filters-toggle" {
            continue; // only on a phone
        }
        assert!(
            reached.iter().any(|name| name == control),
            "{control} not reached: {reached:?}"
        );
    }
    // Enter on a result opens the document; the focus moves to it, with no frame.
    client
        .find(Locator::Css("#hits .hit h2 a"))
        .await
        .expect("a hit")
        .send_keys("\u{E007}")
        .await
        .expect("Enter");
    wait_for(
        "the document title",
        async || text_of(client, "#document-title").await,
        |title| !title.is_empty(),
    )
    .await;
    let focus = run_js(
        client,
        "return [document.activeElement.id, getComputedStyle(document.activeElement).outlineStyle];",
    )
    .await;
    assert_eq!(focus, json!(["document", "none"]));

    // On a phone the Filters button comes within a few Tabs of the search box, and Enter opens them.
    resize(client, PHONE).await;
    client
        .goto(&format!("{base}/?q=death+penalty"))
        .await
        .expect("open the page");
    expect_results(client, base, "q=death+penalty").await;
    client
        .find(Locator::Css("#q"))
        .await
        .expect("search box")
        .click()
        .await
        .expect("focus the search box");
    let mut on_button = false;
    for _ in 0..6 {
        client
            .active_element()
            .await
            .expect("focused element")
            .send_keys("\u{E004}")
            .await
            .expect("Tab");
        if run_js(client, "return document.activeElement.id;").await == json!("filters-toggle") {
            on_button = true;
            break;
        }
    }
    assert!(on_button, "the Filters button is not reached by Tab");
    client
        .active_element()
        .await
        .expect("the Filters button")
        .send_keys("\u{E007}")
        .await
        .expect("Enter");
    wait_for(
        "the filters to open",
        async || displayed(client, "#year-from").await,
        |shown| *shown,
    )
    .await;
    resize(client, DESKTOP).await;

    // axe-core in the page: no serious or critical violation on the main views.
    let Some(axe) = axe_source() else {
        plenary_testkit::skip(
            "axe-core not found: set PLENARY_AXE_JS to its axe.min.js (npm pack axe-core@4)",
        );
        let _ = browser.client.close().await;
        return;
    };
    let arabic = first_id(base, "lang=ar").await;
    let english = first_id(base, "q=death+penalty&lang=en").await;
    let mut found = Vec::new();
    for (size, width) in [(DESKTOP, "desktop"), (PHONE, "phone")] {
        resize(client, size).await;
        client
            .goto(&format!("{base}/?q=death+penalty"))
            .await
            .expect("open the page");
        expect_results(client, base, "q=death+penalty").await;
        found.extend(axe_violations(client, &axe, &format!("{width} results")).await);
        if size == PHONE {
            click(client, "#filters-toggle").await;
            found.extend(axe_violations(client, &axe, "phone filters").await);
        }
        for (id, name) in [(&english, "document"), (&arabic, "Arabic document")] {
            open_document(client, base, id).await;
            found.extend(axe_violations(client, &axe, &format!("{width} {name}")).await);
        }
        open_brief(client, base).await;
        found.extend(axe_violations(client, &axe, &format!("{width} brief")).await);
    }
    assert!(
        found.is_empty(),
        "serious accessibility violations:\n{}",
        found.join("\n")
    );
    let _ = browser.client.close().await;
}

/// The text of axe-core's `axe.min.js`: from `PLENARY_AXE_JS`, or else from
/// `axe-core/axe.min.js` in the target directory.
fn axe_source() -> Option<String> {
    let path = match std::env::var_os("PLENARY_AXE_JS") {
        Some(path) => PathBuf::from(path),
        None => std::env::current_exe()
            .ok()?
            .ancestors()
            .nth(3)?
            .join("axe-core/axe.min.js"),
    };
    std::fs::read_to_string(path).ok()
}

/// Runs axe-core in the page and describes each serious or critical violation.
async fn axe_violations(client: &Client, axe: &str, view: &str) -> Vec<String> {
    let loaded = client
        .execute(&format!("{axe}\n;return typeof window.axe;"), Vec::new())
        .await
        .expect("load axe-core");
    assert_eq!(loaded, json!("object"), "axe-core in the page");
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.axe.run(document, { resultTypes: ['violations'] }).then(
               (r) => done({ passed: r.passes.length, violations: r.violations
                 .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                 .map((v) => v.impact + ' ' + v.id + ': ' + v.help + ' — ' +
                   v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(', ')) }),
               (e) => done({ passed: 0, violations: ['axe failed: ' + e] }));",
            Vec::new(),
        )
        .await
        .expect("run axe-core");
    // axe-core looked at the page: rules it checked and found kept.
    assert!(
        result["passed"].as_u64() > Some(10),
        "{view}: axe-core checked nothing: {result}"
    );
    result["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|violation| format!("{view}: {}", violation.as_str().unwrap_or_default()))
        .collect()
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
    // The comparison is in the URL, and a reload brings it back.
    let url = client.current_url().await.expect("the page's URL");
    assert!(
        url.query().unwrap_or_default().contains("compare=fr"),
        "{url}"
    );
    client.refresh().await.expect("reload");
    let cells = wait_for(
        "the paragraphs side by side after a reload",
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
    assert_eq!(cells, 6, "the comparison comes back from the URL");
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
