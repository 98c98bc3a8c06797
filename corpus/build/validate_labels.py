#!/usr/bin/env python3
"""Checks corpus label files: JSON per line, key order, existing files, known slugs.

Usage: python3 corpus/build/validate_labels.py corpus/expected.jsonl [more.jsonl ...]
Exits non-zero and prints every problem found (file and line) when a check fails.
"""
import json
import re
import sys
from pathlib import Path

KEYS = ["file", "item", "symbol", "title", "forum", "session", "date", "year",
        "organization", "consultative_status", "doc_type", "language", "topics"]
PARENT = {
    "femicide": "violence-against-women",
    "harm-reduction": "drug-policy",
    "human-trafficking": "organized-crime",
    "migrant-smuggling": "organized-crime",
    "firearms": "organized-crime",
    "environmental-crime": "organized-crime",
}
SLUGS = set(PARENT) | set(PARENT.values()) | {
    "death-penalty", "corruption", "cybercrime", "terrorism", "prisons", "victims", "children"}
FORUMS = {"CND", "CCPCJ", "COSP", "IRG", "COP", "CONGRESS", None}
STATUSES = {"general", "special", "roster", None}
DOC_TYPES = {"statement", "crp", "side_event", "news", "report", "other"}
LANGS = {"en", "fr", "es", "ru", "ar", "zh"}
SYMBOL_FORUM = [("E/CN.7/", "CND"), ("E/CN.15/", "CCPCJ"), ("CAC/COSP/IRG/", "IRG"),
                ("CAC/COSP/", "COSP"), ("CTOC/COP/", "COP"), ("A/CONF.", "CONGRESS")]


def check_record(rec, corpus_dir):
    problems = []
    if list(rec.keys()) != KEYS:
        problems.append(f"keys are {list(rec.keys())}, expected {KEYS}")
        return problems
    if not (corpus_dir / rec["file"]).is_file():
        problems.append(f"file {rec['file']} does not exist")
    if rec["item"] is not None and (not isinstance(rec["item"], int) or rec["item"] < 1):
        problems.append("item must be null or a positive integer")
    sym = rec["symbol"]
    if sym is not None and (not isinstance(sym, str) or "  " in sym or sym != sym.strip()):
        problems.append("symbol must be a single-spaced string")
    if not isinstance(rec["title"], str) or not rec["title"].strip():
        problems.append("title must be a non-empty string")
    if rec["forum"] not in FORUMS:
        problems.append(f"unknown forum {rec['forum']}")
    if sym is not None:
        for prefix, forum in SYMBOL_FORUM:
            if sym.startswith(prefix):
                if rec["forum"] != forum:
                    problems.append(f"symbol {sym} implies forum {forum}")
                break
    if rec["session"] is not None and not isinstance(rec["session"], int):
        problems.append("session must be an integer or null")
    date = rec["date"]
    if date is not None:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            problems.append(f"bad date {date}")
        elif rec["year"] != int(date[:4]):
            problems.append("year differs from the year of date")
    if rec["year"] is not None and not isinstance(rec["year"], int):
        problems.append("year must be an integer or null")
    if rec["consultative_status"] not in STATUSES:
        problems.append(f"unknown status {rec['consultative_status']}")
    if rec["doc_type"] not in DOC_TYPES:
        problems.append(f"unknown doc_type {rec['doc_type']}")
    if rec["language"] not in LANGS:
        problems.append(f"unknown language {rec['language']}")
    topics = rec["topics"]
    if not isinstance(topics, list):
        problems.append("topics must be a list")
        return problems
    for slug in topics:
        if slug not in SLUGS:
            problems.append(f"unknown topic {slug}")
        parent = PARENT.get(slug)
        if parent and parent not in topics:
            problems.append(f"topic {slug} without its parent {parent}")
    if len(set(topics)) != len(topics):
        problems.append("duplicate topics")
    return problems


def main(paths):
    corpus_dir = Path(__file__).resolve().parent.parent
    failures = 0
    seen = set()
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path}:{number}"
            try:
                rec = json.loads(line, object_pairs_hook=dict)
            except json.JSONDecodeError as err:
                print(f"{where}: invalid JSON: {err}")
                failures += 1
                continue
            key = (rec.get("file"), rec.get("item"))
            if key in seen:
                print(f"{where}: duplicate entry for {key}")
                failures += 1
            seen.add(key)
            for problem in check_record(rec, corpus_dir):
                print(f"{where}: {problem}")
                failures += 1
    # Every multi-item page must number its items 1..n.
    items = {}
    for file, item in seen:
        if item is not None:
            items.setdefault(file, []).append(item)
    for file, numbers in items.items():
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            print(f"{file}: items are not numbered 1..n: {sorted(numbers)}")
            failures += 1
    print(f"{len(seen)} label lines checked, {failures} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["corpus/expected.jsonl"]))
