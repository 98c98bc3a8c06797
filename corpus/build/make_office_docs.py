#!/usr/bin/env python3
"""Builds the PDF and DOCX documents of the bundled corpus from plain-text sources.

Each source in `corpus/build/sources/*.src` describes one document: a few `key: value`
lines, a line `===`, then the body in a small line-oriented markup (see `parse_body`).
The script writes a draft .docx with python-docx (UN masthead, symbol in the page header
of the following pages, job number and page number in the footer), then re-saves it
through LibreOffice, so that LibreOffice is the producer of every file we ship:

    soffice --headless --convert-to docx|pdf --outdir corpus/docs draft.docx

Usage: python3 corpus/build/make_office_docs.py [source-stem ...]
(no argument: every source). Requires python-docx and LibreOffice (`soffice`).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

BUILD_DIR = Path(__file__).resolve().parent
SOURCES_DIR = BUILD_DIR / "sources"
DOCS_DIR = BUILD_DIR.parent / "docs"

FONT_BY_LANGUAGE = {
    "en": "Times New Roman",
    "fr": "Times New Roman",
    "es": "Times New Roman",
    "ru": "Times New Roman",
    "ar": "Noto Naskh Arabic",
    "zh": "Noto Serif CJK SC",
}


class SourceError(Exception):
    """A source file that cannot be turned into a document."""


def read_source(path):
    """Splits a source into its header fields and its body lines."""
    text = path.read_text(encoding="utf-8")
    if "\n===\n" not in text:
        raise SourceError(f"{path}: missing the '===' line between header and body")
    head, body = text.split("\n===\n", 1)
    fields = {}
    for number, line in enumerate(head.splitlines(), 1):
        if not line.strip():
            continue
        if ":" not in line:
            raise SourceError(f"{path}:{number}: header line without 'key: value'")
        key, value = line.split(":", 1)
        fields[key.strip()] = value.strip()
    for required in ("output", "symbol", "job", "language", "masthead-left", "masthead-right"):
        if required not in fields:
            raise SourceError(f"{path}: header field '{required}' is missing")
    return fields, body


def parse_body(body):
    """Cuts the body into blocks separated by blank lines.

    A block's first characters say what it is:
    `# ` title heading, `## ` or `### ` sub-heading, `| ` lines kept as they are (one per line),
    `> ` indented paragraph, `~ ` footnote, `---` a short rule, `@pagebreak` a page break;
    anything else is a justified paragraph whose lines are joined by spaces.
    """
    blocks = []
    for chunk in re.split(r"\n\s*\n", body.strip("\n")):
        lines = chunk.splitlines()
        first = lines[0]
        if first.startswith("### "):
            blocks.append(("heading", " ".join(line.lstrip("# ").strip() for line in lines)))
        elif first.startswith("# "):
            blocks.append(("title", " ".join(line.lstrip("# ").strip() for line in lines)))
        elif first.startswith("## "):
            blocks.append(("heading", " ".join(line.lstrip("# ").strip() for line in lines)))
        elif first.startswith("| ") or first == "|":
            blocks.append(("lines", [line[2:] for line in lines]))
        elif first.startswith("> "):
            blocks.append(("indented", " ".join(line[2:].strip() for line in lines)))
        elif first.startswith("~ "):
            blocks.append(("footnotes", [line[2:] for line in lines]))
        elif first.strip() == "---":
            blocks.append(("rule", None))
        elif first.strip() == "@pagebreak":
            blocks.append(("pagebreak", None))
        else:
            blocks.append(("paragraph", " ".join(line.strip() for line in lines)))
    return blocks


def set_right_to_left(paragraph):
    """Marks a paragraph as right-to-left (Arabic)."""
    properties = paragraph._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    properties.append(bidi)


def add_page_field(paragraph):
    """Appends a PAGE field, which the word processor fills with the page number."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def remove_table_borders(table):
    """Masthead tables are layout only: no visible borders."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def build_draft(fields, blocks, destination):
    """Writes the python-docx draft of one document to `destination`."""
    language = fields["language"]
    right_to_left = language == "ar"
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT_BY_LANGUAGE.get(language, "Times New Roman")
    style.font.size = Pt(10)
    # East Asian and complex-script text use their own font slots.
    fonts = style.element.rPr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        style.element.rPr.append(fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT_BY_LANGUAGE.get(language, "Times New Roman"))
    style.paragraph_format.space_after = Pt(6)

    section = document.sections[0]
    section.page_height = Cm(29.7)
    section.page_width = Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = Cm(2.0)
    section.bottom_margin = Cm(2.0)
    section.different_first_page_header_footer = True

    # Pages after the first: the symbol (or, for documents without one, a running
    # head) in the header, page and job number in the footer.
    header = section.header.paragraphs[0]
    header.add_run(fields["symbol"] or fields.get("running-head", "")).bold = True
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    add_page_field(footer)
    footer.add_run("\t\t" + fields["job"])
    # The first page carries the masthead instead of a header, and the job number.
    first_footer = section.first_page_footer.paragraphs[0]
    first_footer.text = fields["job"]
    if fields["job"]:
        barcode = section.first_page_footer.add_paragraph(
            "*" + re.sub(r"\D", "", fields["job"]) + "*")
        barcode.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    left_lines = [part.strip() for part in fields["masthead-left"].split("|")]
    right_lines = [part.strip() for part in fields["masthead-right"].split("|")]
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    remove_table_borders(table)
    left_cell, right_cell = table.rows[0].cells
    left_cell.paragraphs[0].text = ""
    for index, line in enumerate(left_lines):
        paragraph = left_cell.paragraphs[0] if index == 0 else left_cell.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = True
        run.font.size = Pt(14 if index == 0 else 12)
        if right_to_left:
            set_right_to_left(paragraph)
    for index, line in enumerate(right_lines):
        paragraph = right_cell.paragraphs[0] if index == 0 else right_cell.add_paragraph()
        run = paragraph.add_run(line)
        if index == 0:
            run.bold = True
            run.font.size = Pt(14)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if not right_to_left else WD_ALIGN_PARAGRAPH.LEFT
        paragraph.paragraph_format.space_after = Pt(0)

    for kind, content in blocks:
        if kind == "title":
            paragraph = document.add_paragraph()
            run = paragraph.add_run(content)
            run.bold = True
            run.font.size = Pt(13)
            paragraph.paragraph_format.left_indent = Cm(1.0)
            paragraph.paragraph_format.space_before = Pt(12)
            paragraph.paragraph_format.space_after = Pt(12)
        elif kind == "heading":
            paragraph = document.add_paragraph()
            paragraph.add_run(content).bold = True
            paragraph.paragraph_format.space_before = Pt(8)
        elif kind == "lines":
            paragraph = document.add_paragraph()
            for index, line in enumerate(content):
                run = paragraph.add_run(line)
                if index < len(content) - 1:
                    run.add_break(WD_BREAK.LINE)
        elif kind == "indented":
            paragraph = document.add_paragraph(content)
            paragraph.paragraph_format.left_indent = Cm(1.5)
            paragraph.paragraph_format.right_indent = Cm(1.0)
        elif kind == "footnotes":
            paragraph = None
            for line in content:
                paragraph = document.add_paragraph()
                paragraph.add_run(line).font.size = Pt(8)
                paragraph.paragraph_format.space_after = Pt(0)
        elif kind == "rule":
            paragraph = document.add_paragraph("__________________")
        elif kind == "pagebreak":
            paragraph = document.add_paragraph()
            paragraph.add_run().add_break(WD_BREAK.PAGE)
        else:
            paragraph = document.add_paragraph(content)
            paragraph.alignment = (WD_ALIGN_PARAGRAPH.RIGHT if right_to_left
                                   else WD_ALIGN_PARAGRAPH.JUSTIFY)
        if right_to_left and paragraph is not None:
            set_right_to_left(paragraph)

    properties = document.core_properties
    properties.title = fields.get("docx-title") or fields["symbol"]
    properties.author = fields.get("author", "United Nations")
    properties.language = language
    properties.keywords = ""
    properties.comments = ""
    document.save(destination)


def convert(drafts, target_format, profile_dir):
    """Re-saves drafts through LibreOffice into corpus/docs as `target_format`."""
    if not drafts:
        return
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SourceError("LibreOffice (soffice) is not installed")
    # A private profile keeps this run independent of any other LibreOffice process.
    command = [soffice, f"-env:UserInstallation=file://{profile_dir}", "--headless",
               "--convert-to", target_format, "--outdir", str(DOCS_DIR)]
    command += [str(draft) for draft in drafts]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def main(stems):
    sources = sorted(SOURCES_DIR.glob("*.src"))
    if stems:
        sources = [source for source in sources if source.stem in stems]
    by_format = {"pdf": [], "docx": []}
    with tempfile.TemporaryDirectory(prefix="plenary-corpus-") as workdir:
        draft_dir = Path(workdir) / "drafts"
        for target in by_format:
            (draft_dir / target).mkdir(parents=True)
        for source in sources:
            fields, body = read_source(source)
            output = fields["output"]
            extension = output.rsplit(".", 1)[-1]
            if extension not in by_format:
                raise SourceError(f"{source}: output must end in .pdf or .docx, got {output}")
            draft = draft_dir / extension / (output[: -len(extension)] + "docx")
            build_draft(fields, parse_body(body), draft)
            by_format[extension].append(draft)
        profile_dir = Path(workdir) / "lo-profile"
        convert(by_format["docx"], "docx", profile_dir)
        convert(by_format["pdf"], "pdf", profile_dir)
    for extension, drafts in by_format.items():
        for draft in drafts:
            print(DOCS_DIR / (draft.name[: -len("docx")] + extension))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (SourceError, subprocess.CalledProcessError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
