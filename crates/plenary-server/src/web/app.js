// Plenary's search page: state in the URL, everything else from the JSON API.
"use strict";
(function () {
  const FACETS = [
    ["topic", "Topic"], ["forum", "Forum"], ["session", "Session"], ["year", "Year"],
    ["lang", "Language"], ["doc_type", "Document type"], ["org", "Organization"], ["status", "Consultative status"],
    ["actor_type", "Speaker"], ["country", "Country"], ["region", "Regional group"], ["passage_topic", "Paragraph topic"],
  ];
  // What a person reads for the codes the API gives.
  const LANGUAGE_NAMES = { ar: "Arabic", en: "English", es: "Spanish", fr: "French", ru: "Russian", zh: "Chinese", und: "Undetermined" };
  const DOC_TYPE_NAMES = { statement: "Statement", crp: "Conference room paper", side_event: "Side event", news: "News",
    report: "Report", speech: "Speech", recommendation: "Recommendation", other: "Other" };
  const topicLabels = new Map();
  function rememberTopicLabels(values) {
    for (const item of values || []) {
      if (item.label) topicLabels.set(item.value.split("/").filter(Boolean).pop(), item.label);
      rememberTopicLabels(item.children);
    }
  }
  const topicLabel = (slug) => topicLabels.get(slug) || slug;
  // A file's name, never the server's path to it.
  const fileName = (source) => String(source || "").split("#")[0].split(/[\\/]/).pop();
  const LIST_KEYS = FACETS.map((f) => f[0]);
  const PAGE_SIZE = 10;
  const SHOWN_VALUES = 8;
  const $ = (id) => document.getElementById(id);
  let lastResponse = null;
  let orgFilterTimer = null;
  const expanded = new Set();

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "trustedHtml") node.innerHTML = value; // only for escaped API snippets
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  // ---- state <-> URL ----
  function readState() {
    const params = new URLSearchParams(location.search);
    const state = { q: params.get("q") || "", sort: params.get("sort") || "relevance",
      from: Math.max(0, parseInt(params.get("from") || "0", 10) || 0), doc: params.get("doc") || "",
      xlang: params.get("xlang") === "true", year_from: yearParam(params.get("year_from")),
      year_to: yearParam(params.get("year_to")), by: params.get("by") === "session" ? "session" : "",
      compare: params.get("compare") || "" };
    for (const key of LIST_KEYS) state[key] = params.getAll(key);
    return state;
  }
  // A year from the URL or a year box: four digits or nothing.
  function yearParam(value) {
    const year = parseInt(String(value || "").trim(), 10);
    return Number.isFinite(year) && year > 0 && year < 10000 ? year : null;
  }
  const hasFilters = (state) => LIST_KEYS.some((key) => state[key].length) || state.year_from !== null || state.year_to !== null;
  function searchParams(state, extra) {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    if (state.xlang) params.set("xlang", "true");
    for (const key of LIST_KEYS) for (const value of state[key]) params.append(key, value);
    if (state.year_from !== null && state.year_from !== undefined) params.set("year_from", state.year_from);
    if (state.year_to !== null && state.year_to !== undefined) params.set("year_to", state.year_to);
    for (const [key, value] of Object.entries(extra || {})) if (value !== "" && value !== null && value !== undefined) params.set(key, value);
    return params;
  }
  function pageUrl(state) {
    const params = searchParams(state, {
      sort: state.sort !== "relevance" ? state.sort : "", from: state.from ? state.from : "", by: state.by, doc: state.doc,
      compare: state.doc ? state.compare : "" });
    const text = params.toString();
    return text ? "?" + text : location.pathname;
  }
  function navigate(change, replace) {
    // Another document starts without a comparison.
    if ("doc" in change && !("compare" in change)) change = Object.assign({ compare: "" }, change);
    const state = Object.assign(readState(), change);
    const url = pageUrl(state);
    if (replace) history.replaceState(null, "", url); else history.pushState(null, "", url);
    render();
  }

  // ---- API ----
  async function api(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    let body = null;
    try { body = await response.json(); } catch (_) { body = null; }
    if (!response.ok) {
      const message = body && body.error ? body.error.message : "the server answered " + response.status;
      const error = new Error(message);
      error.code = body && body.error ? body.error.code : "http_" + response.status;
      throw error;
    }
    return body;
  }
  function showError(error) {
    const box = $("error");
    if (!error) { box.hidden = true; box.textContent = ""; return; }
    box.hidden = false;
    box.textContent = (error.code === "bad_request" ? "Your search could not be run: " : "Error: ") + error.message;
  }

  // ---- rendering ----
  async function render() {
    const state = readState();
    $("q").value = state.q;
    $("sort").value = state.sort;
    $("xlang").checked = state.xlang;
    const base = searchParams(state);
    $("export-link").href = "/api/export?" + withParams(base, { format: "csv" });
    $("brief-link").href = "/api/brief?" + withParams(base, { format: "html" });
    $("brief-md-link").href = "/api/brief?" + withParams(base, { format: "md", download: "1" });
    $("year-from").value = state.year_from !== null ? state.year_from : "";
    $("year-to").value = state.year_to !== null ? state.year_to : "";
    const filtered = hasFilters(state);
    $("clear-filters").hidden = !filtered;
    const active = LIST_KEYS.reduce((n, key) => n + state[key].length, 0) + (state.year_from !== null || state.year_to !== null ? 1 : 0);
    $("filters-toggle").textContent = active ? "Filters (" + active + ")" : "Filters";
    if (state.doc) await renderDocument(state); else {
      $("document").hidden = true;
      $("results").hidden = false;
      document.title = (state.q ? state.q + " — " : "") + "Plenary";
    }
    if (state.doc) return;
    const params = searchParams(state, { sort: state.sort, from: state.from, size: PAGE_SIZE, passages: 3, facet_limit: 200 });
    document.body.setAttribute("aria-busy", "true");
    try {
      const response = await api("/api/search?" + params);
      lastResponse = response;
      showError(null);
      rememberTopicLabels((response.facets || {}).topic);
      renderFacets(state, response.facets || {});
      renderHits(state, response);
      renderTimeline(state, response);
    } catch (error) {
      showError(error);
      $("hits").replaceChildren();
      $("summary").textContent = "No results";
      $("pager").hidden = true;
      $("timeline").hidden = true;
    } finally {
      document.body.removeAttribute("aria-busy");
    }
  }
  function withParams(base, extra) {
    const params = new URLSearchParams(base);
    for (const [key, value] of Object.entries(extra)) params.set(key, value);
    return params.toString();
  }

  function renderFacets(state, facets) {
    const list = $("facet-list");
    const active = document.activeElement;
    const focused = active && active.id;
    // Facet checkboxes are made anew: keep the keyboard on the same value.
    const focusedValue = active && active.dataset && active.dataset.facet ? [active.dataset.facet, active.dataset.value] : null;
    const orgFilter = $("org-filter") ? $("org-filter").value : "";
    list.replaceChildren();
    for (const [key, title] of FACETS) {
      const values = facets[key] || [];
      const selected = new Set(state[key]);
      const fieldset = el("fieldset", { class: "facet", id: "facet-" + key }, el("legend", { text: title }));
      if (key === "org") {
        const filter = el("input", { type: "search", class: "filter", id: "org-filter", placeholder: "Filter organizations",
          "aria-label": "Filter organizations", value: orgFilter, oninput: () => {
            clearTimeout(orgFilterTimer);
            orgFilterTimer = setTimeout(() => filterOrganizations(state), 200);
          } });
        fieldset.append(filter);
      }
      const ul = el("ul", { id: "facet-values-" + key });
      appendValues(ul, key, values, selected, state, 0);
      // Keep ticked values visible even when the current search has none of them.
      for (const value of selected) {
        if (!containsValue(values, value)) ul.prepend(facetItem(key, { value: value, count: 0 }, true, state));
      }
      fieldset.append(ul);
      if (!values.length && !selected.size) continue;
      list.append(fieldset);
      if (key === "org" && orgFilter) filterOrganizations(state);
    }
    if (focusedValue) {
      const again = Array.from(list.querySelectorAll("input[data-facet]"))
        .find((box) => box.dataset.facet === focusedValue[0] && box.dataset.value === focusedValue[1]);
      if (again) again.focus();
    } else if (focused && $(focused)) $(focused).focus();
    const years = (facets.year || []).map((item) => parseInt(item.value, 10)).filter(Number.isFinite);
    $("year-from").placeholder = years.length ? String(Math.min(...years)) : "";
    $("year-to").placeholder = years.length ? String(Math.max(...years)) : "";
  }
  function containsValue(values, value) {
    return values.some((item) => item.value === value || containsValue(item.children || [], value));
  }
  function appendValues(ul, key, values, selected, state, depth) {
    const showAll = expanded.has(key) || depth > 0;
    const sorted = values.slice();
    // Years and sessions in their own order, newest first.
    if (key === "year" || key === "session") sorted.sort((a, b) => b.value.localeCompare(a.value, "en", { numeric: true }));
    sorted.forEach((item, position) => {
      const li = facetItem(key, item, selected.has(item.value), state);
      if (!showAll && position >= SHOWN_VALUES && !selected.has(item.value)) li.hidden = true;
      if (item.children && item.children.length) {
        const sub = el("ul");
        appendValues(sub, key, item.children, selected, state, depth + 1);
        li.append(sub);
      }
      ul.append(li);
    });
    if (!showAll && sorted.length > SHOWN_VALUES) {
      ul.append(el("li", {}, el("button", { type: "button", class: "more", text: "Show all " + sorted.length,
        onclick: () => { expanded.add(key); renderFacets(readState(), lastResponse ? lastResponse.facets : {}); } })));
    }
  }
  function facetItem(key, item, checked, state) {
    const id = "f-" + key + "-" + item.value.replace(/[^A-Za-z0-9_-]/g, "_") + "-" + Math.random().toString(36).slice(2, 7);
    const codeName = key === "lang" ? LANGUAGE_NAMES[item.value] : key === "doc_type" ? DOC_TYPE_NAMES[item.value] : null;
    const name = item.label && item.label !== item.value ? item.label : codeName || item.value;
    const box = el("input", { type: "checkbox", id: id, checked: checked, "data-facet": key, "data-value": item.value,
      onchange: (event) => toggleFacet(key, item.value, event.target.checked) });
    const label = el("label", { for: id }, box, el("span", { class: "name", text: key === "forum" && item.label ? item.value + " — " + item.label : name }),
      el("span", { class: "count", text: String(item.count) }));
    return el("li", {}, label);
  }
  function toggleFacet(key, value, on) {
    const state = readState();
    const values = state[key].filter((item) => item !== value);
    if (on) values.push(value);
    navigate({ [key]: values, from: 0 });
  }
  async function filterOrganizations(state) {
    const input = $("org-filter");
    if (!input) return;
    const prefix = input.value.trim();
    const ul = $("facet-values-org");
    try {
      const response = await api("/api/facets/org?" + searchParams(state, { prefix: prefix, limit: 50 }));
      const selected = new Set(state.org);
      ul.replaceChildren();
      for (const item of response.values) ul.append(facetItem("org", item, selected.has(item.value), state));
      if (!response.values.length) ul.append(el("li", { class: "meta", text: "No organization contains “" + prefix + "”" }));
    } catch (error) { showError(error); }
  }

  function renderHits(state, response) {
    const hits = $("hits");
    hits.replaceChildren();
    const total = response.total;
    const first = total ? response.from + 1 : 0;
    const last = response.from + response.hits.length;
    $("summary").textContent = total === 0 ? "No documents match" :
      total.toLocaleString("en") + (total === 1 ? " document" : " documents") + (total > response.hits.length ? " — showing " + first + "–" + last : "");
    for (const hit of response.hits) {
      const meta = [hit.symbol, hit.forum && (hit.forum + (hit.session ? " " + hit.session : "")), hit.organization, hit.date || hit.year,
        LANGUAGE_NAMES[hit.language] || hit.language, DOC_TYPE_NAMES[hit.doc_type] || hit.doc_type]
        .filter(Boolean).join(" · ");
      const title = el("a", { href: pageUrl(Object.assign({}, state, { doc: hit.id })), "data-doc": hit.id, text: hit.title || hit.symbol || hit.id,
        onclick: (event) => { if (event.ctrlKey || event.metaKey) return; event.preventDefault(); navigate({ doc: hit.id }); } });
      const item = el("li", { class: "hit" }, el("h2", { dir: "auto", lang: hit.language }, title), el("div", { class: "meta", text: meta }));
      // The snippet only where no passage shows the same words.
      if (!(hit.passages && hit.passages.length)) item.append(el("p", { class: "snippet", dir: "auto", lang: hit.language, trustedHtml: hit.snippet }));
      if (hit.passages && hit.passages.length) {
        const passages = el("ul", { class: "passages", "aria-label": "Matching passages" });
        for (const passage of hit.passages) {
          passages.append(el("li", { dir: "auto", lang: hit.language }, el("span", { trustedHtml: passage.snippet }), el("span", { class: "cite", dir: "auto", text: passage.citation })));
        }
        item.append(passages);
      }
      const tags = el("div", {});
      for (const topic of hit.topics || []) tags.append(el("span", { class: "topic-tag", text: topicLabel(topic) }));
      item.append(tags);
      const versions = hitVersions(state, hit);
      if (versions) item.append(versions);
      hits.append(item);
    }
    const pager = $("pager");
    pager.hidden = total <= PAGE_SIZE;
    $("prev-page").disabled = response.from === 0;
    $("next-page").disabled = last >= total;
    $("page-info").textContent = "Page " + (Math.floor(response.from / PAGE_SIZE) + 1) + " of " + Math.max(1, Math.ceil(total / PAGE_SIZE));
  }

  // The timeline by year, or by session where one forum is chosen and it has sessions.
  let lastTimeline = null;
  async function renderTimeline(state, response) {
    const sessions = (response.facets.session || []).length > 0;
    const canBySession = state.forum.length === 1 && sessions;
    const bySession = canBySession && state.by === "session";
    $("by-session-label").hidden = !canBySession;
    $("by-session").checked = bySession;
    let buckets = null;
    try {
      const timeline = await api("/api/analytics/timeline?" + searchParams(state, { by: bySession ? "session" : "year" }));
      buckets = timeline.buckets.map((b) => ({ key: b.key, count: b.count, share: b.normalized }));
    } catch (_) {
      // Without the analytics route, the year facet gives the raw counts.
      buckets = bySession ? [] : (response.facets.year || []).map((v) => ({ key: v.value, count: v.count, share: null }));
      buckets.sort((a, b) => a.key.localeCompare(b.key, "en", { numeric: true }));
    }
    const figure = $("timeline");
    if (!buckets.length) { figure.hidden = true; lastTimeline = null; return; }
    const filled = withGaps(buckets, bySession);
    const unit = bySession ? "session" : "year";
    $("timeline-title").textContent = bySession ? "Matching documents per session of " + state.forum[0] : "Matching documents per year";
    const empty = filled.length - buckets.length;
    $("timeline-note").textContent = empty ? "· " + empty + " " + unit + (empty === 1 ? "" : "s") + " without matching documents left as gaps" : "";
    figure.hidden = false;
    lastTimeline = { buckets: filled, unit: unit };
    drawTimeline();
  }
  function drawTimeline() {
    const chart = $("timeline-chart");
    chart.replaceChildren(barChart(lastTimeline.buckets, lastTimeline.unit, Math.max(240, Math.floor(chart.clientWidth || 640))));
  }
  // Years (or sessions of one forum) without documents keep their place on the axis.
  function withGaps(buckets, bySession) {
    const parse = (key) => {
      const match = bySession ? /^(.*\/)?(\d+)$/.exec(key) : /^()(\d{4})$/.exec(key);
      return match ? { prefix: match[1] || "", number: parseInt(match[2], 10) } : null;
    };
    const parsed = buckets.map((b) => parse(b.key));
    if (parsed.some((p) => !p) || new Set(parsed.map((p) => p.prefix)).size !== 1) return buckets;
    const numbers = parsed.map((p) => p.number);
    const low = Math.min(...numbers), high = Math.max(...numbers);
    if (high - low > 400) return buckets;
    const byNumber = new Map(buckets.map((b, i) => [numbers[i], b]));
    const filled = [];
    for (let n = low; n <= high; n++) filled.push(byNumber.get(n) || { key: parsed[0].prefix + n, count: 0, share: 0, gap: true });
    return filled;
  }
  function barChart(buckets, unit, width) {
    const ns = "http://www.w3.org/2000/svg";
    const height = 160, left = 34, right = 8, bottom = 24, top = 16;
    const max = Math.max(1, ...buckets.map((b) => b.count));
    const slot = (width - left - right) / buckets.length;
    const bar = Math.min(48, Math.max(1, slot * 0.75));
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "Matching documents per " + unit + ": " +
      buckets.filter((b) => b.count).map((b) => b.key + " " + b.count).join(", "));
    const add = (tag, attrs, text) => {
      const node = document.createElementNS(ns, tag);
      for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
      if (text !== undefined) node.textContent = text;
      svg.append(node);
      return node;
    };
    const base = height - bottom;
    add("line", { x1: left, y1: base, x2: width - right, y2: base, stroke: "#767676" });
    add("text", { x: left - 4, y: top + 4, "text-anchor": "end" }, String(max));
    // Axis labels never overlap; the counts above the bars show only where they fit.
    const tick = (key) => (unit === "session" ? key.split("/").pop() : key);
    const longest = Math.max(...buckets.map((b) => tick(b.key).length));
    const every = Math.max(1, Math.ceil((longest * 7.5 + 8) / slot));
    const counts = slot >= String(max).length * 7 + 2;
    buckets.forEach((bucket, i) => {
      const h = bucket.count * (base - top) / max;
      const x = left + i * slot + (slot - bar) / 2;
      if (bucket.gap) add("rect", { x: x, y: base - 2, width: bar, height: 2, fill: "#d0d7de", class: "gap" });
      const rect = add("rect", { x: x, y: base - h, width: bar, height: h, fill: "#0b5cad", "data-key": bucket.key, "data-count": bucket.count });
      const title = document.createElementNS(ns, "title");
      title.textContent = bucket.key + ": " + bucket.count + " documents" + (bucket.share !== null && !bucket.gap ? " (" + (bucket.share * 100).toFixed(1) + " % of that " + unit + ")" : "");
      rect.append(title);
      if (bucket.count && counts) add("text", { x: x + bar / 2, y: base - h - 3, "text-anchor": "middle" }, String(bucket.count));
      if (i % every === 0) add("text", { x: x + bar / 2, y: base + 16, "text-anchor": "middle", class: "tick" }, tick(bucket.key));
    });
    return svg;
  }

  // ---- document view ----
  function queryTerms(q) {
    const terms = [];
    const re = /"([^"]+)"|([^\s()"]+)/g;
    let match;
    while ((match = re.exec(q))) {
      let term = (match[1] || match[2] || "").replace(/^[+-]/, "");
      if (/^(AND|OR|NOT)$/.test(term)) continue;
      if (!match[1] && term.includes(":")) continue; // field:value filters name no text
      term = term.replace(/[~^][0-9.]*$/, "").replace(/\*$/, "");
      if (term.length > 1) terms.push(term);
    }
    return terms;
  }
  function highlighted(text, terms) {
    const fragment = document.createDocumentFragment();
    if (!terms.length) { fragment.append(text); return fragment; }
    const escaped = terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const re = new RegExp("(" + escaped.join("|") + ")", "giu");
    let last = 0, match;
    while ((match = re.exec(text))) {
      if (match.index > last) fragment.append(text.slice(last, match.index));
      fragment.append(el("mark", { text: match[0] }));
      last = match.index + match[0].length;
      if (match[0].length === 0) re.lastIndex++;
    }
    if (last < text.length) fragment.append(text.slice(last));
    return fragment;
  }
  async function renderDocument(state) {
    $("timeline").hidden = true;
    const article = $("document");
    $("results").hidden = true;
    article.hidden = false;
    article.replaceChildren(el("p", { text: "Loading…" }));
    let doc;
    try {
      doc = await api("/api/documents/" + encodeURIComponent(state.doc));
      showError(null);
    } catch (error) {
      showError(error);
      article.replaceChildren(el("button", { type: "button", text: "← Back to results", onclick: () => navigate({ doc: "" }) }));
      return;
    }
    const terms = queryTerms(state.q);
    const back = el("button", { type: "button", id: "back-to-results", text: "← Back to results", onclick: () => navigate({ doc: "" }) });
    const dl = el("dl");
    const rows = [["Symbol", doc.symbol], ["Forum", doc.forum_label ? doc.forum + " — " + doc.forum_label : doc.forum],
      ["Session", doc.session], ["Date", doc.date], ["Organization", doc.organization], ["Consultative status", doc.consultative_status],
      ["Document type", DOC_TYPE_NAMES[doc.doc_type] || doc.doc_type], ["Language", LANGUAGE_NAMES[doc.language] || doc.language],
      ["File", fileName(doc.source)]];
    for (const [name, value] of rows) if (value !== null && value !== undefined && value !== "") dl.append(el("dt", { text: name }), el("dd", { dir: "auto", text: String(value) }));
    const parts = [back, el("h2", { id: "document-title", dir: "auto", lang: doc.language, text: doc.title }), dl];
    if (doc.language_versions && doc.language_versions.length) {
      const versions = el("p", { class: "meta" }, "Other languages: ");
      doc.language_versions.forEach((version, i) => {
        if (i) versions.append(" · ");
        versions.append(el("a", { href: pageUrl(Object.assign({}, state, { doc: version.id })), lang: version.language,
          text: version.language + (version.title ? " — " + version.title : ""),
          onclick: (event) => { event.preventDefault(); navigate({ doc: version.id }); } }));
      });
      parts.push(versions);
    }
    if (doc.topics && doc.topics.length) {
      const topics = el("ul", { class: "meta", "aria-label": "Topics" });
      for (const topic of doc.topics) {
        const evidence = (topic.evidence || []).map((e) => e.term + " ×" + e.count).join(", ");
        topics.append(el("li", {}, el("span", { class: "topic-tag", text: topic.label || topic.slug }), evidence ? " " + evidence : ""));
      }
      parts.push(el("h3", { text: "Topics" }), topics);
    }
    const paragraphs = el("ol", { class: "paragraphs", id: "paragraphs" });
    for (const paragraph of doc.paragraphs || []) {
      const numbered = paragraph.number !== null && paragraph.number !== undefined;
      // The number sits in its own column; the text drops the copy it starts with.
      const prefix = numbered ? paragraph.number + "." : "";
      const text = numbered && paragraph.text.startsWith(prefix) ? paragraph.text.slice(prefix.length).trimStart() : paragraph.text;
      paragraphs.append(el("li", { id: "p" + paragraph.index, title: paragraph.citation, dir: "auto", lang: paragraph.language || doc.language },
        el("span", { class: "num", text: prefix }), el("span", {}, highlighted(text, terms))));
    }
    const compare = compareControl(doc, terms, state.compare);
    parts.push(el("h3", { text: "Text" }), ...(compare ? [compare] : []), paragraphs);
    article.replaceChildren(...parts);
    document.title = doc.title + " — Plenary";
    window.scrollTo(0, 0);
    article.focus({ preventScroll: true });
  }

  // ---- language versions ----
  const languageName = (code) => LANGUAGE_NAMES[code] || code;
  // Under a hit: its versions in other languages, and the paragraph of each that
  // matches the hit's best passage.
  function hitVersions(state, hit) {
    if (!hit.versions || !hit.versions.length) return null;
    const box = el("div", { class: "versions" });
    const links = el("p", { class: "meta version-links" }, "Also in: ");
    hit.versions.forEach((version, i) => {
      if (i) links.append(" · ");
      links.append(el("a", { href: pageUrl(Object.assign({}, state, { doc: version.id })), hreflang: version.language,
        "data-doc": version.id, title: version.title, text: languageName(version.language),
        onclick: (event) => { if (event.ctrlKey || event.metaKey) return; event.preventDefault(); navigate({ doc: version.id }); } }));
    });
    box.append(links);
    const aligned = hit.versions.filter((version) => version.paragraph);
    if (aligned.length) {
      const best = hit.passages && hit.passages[0];
      const which = best && best.paragraph ? "Paragraph " + best.paragraph : "This paragraph";
      const list = el("ul", { class: "version-paragraphs-list" });
      for (const version of aligned) {
        list.append(el("li", {}, el("span", { class: "lang-label", text: languageName(version.language) }),
          el("span", { dir: "auto", lang: version.language, trustedHtml: version.paragraph.snippet }),
          el("span", { class: "cite", dir: "auto", text: version.paragraph.citation })));
      }
      box.append(el("details", { class: "version-paragraphs" },
        el("summary", { text: which + " in " + aligned.map((version) => languageName(version.language)).join(", ") }), list));
    }
    return box;
  }
  // In the document view: "Compare with" another language version, paragraph beside paragraph.
  function compareControl(doc, terms, initial) {
    const languages = [...new Set((doc.language_versions || []).map((version) => version.language))]
      .filter((code) => code !== doc.language);
    if (!languages.length) return null;
    const select = el("select", { id: "compare-lang" }, el("option", { value: "", text: "—" }),
      ...languages.map((code) => el("option", { value: code, text: languageName(code) })));
    const holder = el("div", { id: "compare" });
    // The language compared with lives in the URL, so that a comparison can be shared and
    // comes back after Back or a reload.
    select.addEventListener("change", () => {
      history.replaceState(null, "", pageUrl(Object.assign(readState(), { compare: select.value })));
      showComparison(doc, select.value, holder, terms);
    });
    if (initial && languages.includes(initial)) {
      select.value = initial;
      showComparison(doc, initial, holder, terms);
    }
    return el("div", { class: "compare-block" },
      el("p", { class: "compare-control" }, el("label", { for: "compare-lang", text: "Compare with: " }), select), holder);
  }
  async function showComparison(doc, language, holder, terms) {
    if (!language) { holder.replaceChildren(); if ($("paragraphs")) $("paragraphs").hidden = false; return; }
    let aligned;
    try {
      aligned = await api("/api/documents/" + encodeURIComponent(doc.id) + "/compare?lang=" + encodeURIComponent(language));
      showError(null);
    } catch (error) { showError(error); return; }
    const left = languageName(aligned.document.language), right = languageName(aligned.version.language);
    const grid = el("div", { class: "aligned", id: "aligned", "aria-label": left + " and " + right + " side by side" },
      el("div", { class: "aligned-head", lang: aligned.document.language, dir: "auto", text: left + " — " + aligned.document.title }),
      el("div", { class: "aligned-head", lang: aligned.version.language, dir: "auto", text: right + " — " + aligned.version.title }));
    for (const pair of aligned.pairs) {
      grid.append(alignedCell(pair.document, aligned.document.language, left, terms),
        alignedCell(pair.version, aligned.version.language, right, []));
    }
    holder.replaceChildren(grid);
    // Read after the answer: a comparison asked for by the URL starts before the view is built.
    const single = $("paragraphs");
    if (single) single.hidden = true;
  }
  function alignedCell(paragraph, language, label, terms) {
    if (!paragraph) return el("div", { class: "aligned-cell empty", "data-label": label });
    const numbered = paragraph.number !== null && paragraph.number !== undefined;
    const prefix = numbered ? paragraph.number + "." : "";
    const text = numbered && paragraph.text.startsWith(prefix) ? paragraph.text.slice(prefix.length).trimStart() : paragraph.text;
    return el("div", { class: "aligned-cell", "data-label": label, dir: "auto", lang: paragraph.language || language },
      el("span", { class: "num", text: prefix }), el("span", { class: "aligned-text" }, highlighted(text, terms)));
  }

  // ---- events ----
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    navigate({ q: $("q").value.trim(), from: 0, doc: "" });
  });
  $("sort").addEventListener("change", () => navigate({ sort: $("sort").value, from: 0 }));
  $("xlang").addEventListener("change", () => navigate({ xlang: $("xlang").checked, from: 0 }));
  $("prev-page").addEventListener("click", () => navigate({ from: Math.max(0, readState().from - PAGE_SIZE) }));
  $("next-page").addEventListener("click", () => navigate({ from: readState().from + PAGE_SIZE }));
  $("clear-filters").addEventListener("click", () => {
    const cleared = {};
    for (const key of LIST_KEYS) cleared[key] = [];
    navigate(Object.assign(cleared, { from: 0, year_from: null, year_to: null }));
  });
  $("year-range").addEventListener("submit", (event) => {
    event.preventDefault();
    let first = yearParam($("year-from").value);
    let last = yearParam($("year-to").value);
    if (first !== null && last !== null && first > last) [first, last] = [last, first];
    navigate({ year_from: first, year_to: last, from: 0 });
  });
  // On a phone the filters open and close under their button; Escape closes them.
  function showFilters(open) {
    $("filters-toggle").setAttribute("aria-expanded", String(open));
    $("facets").classList.toggle("open", open);
  }
  $("filters-toggle").addEventListener("click", () => showFilters($("filters-toggle").getAttribute("aria-expanded") !== "true"));
  $("facets").addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !$("facets").classList.contains("open") || $("filters-toggle").offsetParent === null) return;
    showFilters(false);
    $("filters-toggle").focus();
  });
  $("by-session").addEventListener("change", () => navigate({ by: $("by-session").checked ? "session" : "" }, true));
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { if (lastTimeline && !$("timeline").hidden) drawTimeline(); }, 150);
  });
  $("home").addEventListener("click", (event) => { event.preventDefault(); history.pushState(null, "", location.pathname); render(); });
  window.addEventListener("popstate", render);
  render();
})();
