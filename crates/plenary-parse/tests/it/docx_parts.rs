//! DOCX parts beyond the body: footnotes, headers, footers, numbering,
//! styles and core properties, on a document assembled here part by part.

use std::io::Write;

use plenary_parse::{Block, BlockKind, Format, ParseLimits, parse_bytes};

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

fn docx(parts: &[(&str, String)]) -> Vec<u8> {
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in parts {
        archive
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("an entry starts");
        archive
            .write_all(content.as_bytes())
            .expect("the entry is written");
    }
    archive
        .finish()
        .expect("the archive is finished")
        .into_inner()
}

#[test]
fn footnotes_follow_the_body_and_headers_go_to_furniture() {
    let document = format!(
        r#"<w:document {W}><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Statement on drug policy</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">Civil society welcomes the review</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r><w:r><w:t>.</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Harm reduction &amp; human rights</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Region</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Services</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
</w:body></w:document>"#
    );
    let styles = format!(
        r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>"#
    );
    let numbering = format!(
        r#"<w:numbering {W}><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num></w:numbering>"#
    );
    let footnotes = format!(
        r#"<w:footnotes {W}>
<w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="1"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> See resolution 1996/31.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"#
    );
    let header =
        format!(r#"<w:hdr {W}><w:p><w:r><w:t>E/CN.7/2014/NGO/3</w:t></w:r></w:p></w:hdr>"#);
    let footer = format!(
        r#"<w:ftr {W}><w:p><w:r><w:t>V.14-01234 (E)</w:t></w:r><w:r><w:tab/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r></w:p></w:ftr>"#
    );
    let core = r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Harm reduction</dc:title><dc:creator>HRI</dc:creator></cp:coreProperties>"#.to_string();
    let bytes = docx(&[
        ("word/document.xml", document),
        ("word/styles.xml", styles),
        ("word/numbering.xml", numbering),
        ("word/footnotes.xml", footnotes),
        ("word/header1.xml", header),
        ("word/footer1.xml", footer),
        ("docProps/core.xml", core),
    ]);
    let parsed =
        parse_bytes(Format::Docx, &bytes, &ParseLimits::default()).expect("the docx is read");
    assert_eq!(
        parsed.blocks,
        vec![
            Block::new(BlockKind::Heading { level: 1 }, "Statement on drug policy"),
            Block::new(BlockKind::ListItem, "1. Civil society welcomes the review."),
            Block::new(BlockKind::ListItem, "2. Harm reduction & human rights"),
            Block::new(BlockKind::TableRow, "Region | Services"),
            Block::new(BlockKind::Paragraph, "1 See resolution 1996/31."),
        ]
    );
    assert_eq!(
        parsed.furniture,
        vec!["E/CN.7/2014/NGO/3", "V.14-01234 (E)"]
    );
    assert_eq!(parsed.title.as_deref(), Some("Harm reduction"));
    assert_eq!(parsed.meta.get("creator").map(String::as_str), Some("HRI"));
}
