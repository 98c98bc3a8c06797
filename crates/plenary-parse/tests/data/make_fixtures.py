#!/usr/bin/env python3
"""Writes the test fixtures of plenary-parse: one UN-style NGO statement per
language, as DOCX and PDF (produced by LibreOffice) and as HTML, text and
Markdown.

Needs python-docx (pip install python-docx) and LibreOffice (soffice).
Run from anywhere: python3 make_fixtures.py; then PLENARY_BLESS=1 cargo test
-p plenary-parse to rewrite the expected outputs, and review the diff.
"""

import html
import os
import shutil
import subprocess
import tempfile

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = os.path.dirname(os.path.abspath(__file__))

SYMBOL = "E/CN.7/2014/NGO/3"
JOB = "V.14-01234 (E)"

ENGLISH_PARAGRAPHS = [
    "Civil society organizations working on drug policy welcome the high-level review of the "
    "implementation of the Political Declaration and Plan of Action, and thank the Commission on "
    "Narcotic Drugs for the opportunity to contribute to its deliberations.",
    "The organization has worked for more than twenty years with people who use drugs, their "
    "families and communities, providing harm reduction services, legal aid and peer support in "
    "eleven countries of Eastern Europe and Central Asia.",
    "Evidence gathered by our members shows that punitive approaches have not reduced the supply "
    "of or the demand for controlled substances, while they have contributed to overcrowded "
    "prisons, to the spread of HIV and hepatitis C, and to dowry-related and other forms of "
    "violence against women who use drugs.",
    "We call on Member States to ensure the implemen\u00adtation of comprehensive harm reduction "
    "programmes, including needle and syringe programmes, opioid substitution therapy and "
    "naloxone distribution, in community settings and in prisons alike, and to allocate "
    "sufficient domestic resources to sustain them after international donors withdraw.",
    "Non-governmental organizations should be meaningfully involved in the design, implementation "
    "and evaluation of national drug strategies, in line with the principle of shared "
    "responsibility and with the commitments made in the Political Declaration.",
    "The death penalty for drug-related offences remains in force in more than thirty countries. "
    "We urge the Commission to recall that such offences do not meet the threshold of the most "
    "serious crimes under international human rights law.",
    "Access to controlled medicines for the relief of pain and suffering remains severely limited "
    "in low- and middle-income countries, where more than three quarters of the world population "
    "lives with little or no access to morphine.",
    "Alternative development programmes must respect the rights of farmers and indigenous peoples, "
    "and be properly sequenced, so that eradication does not precede the availability of viable "
    "and sustainable livelihoods.",
    "Data on drug use, drug-related deaths and the impact of drug control measures should be "
    "disaggregated by sex, age and other relevant characteristics, and collected with the "
    "participation of affected communities.",
    "We recommend that the Commission establish a regular mechanism for the participation of civil "
    "society in its intersessional meetings, building on the good practice of the informal "
    "dialogues held with the Executive Director of UNODC.",
    "Finally, we reaffirm our commitment to working with the United Nations Office on Drugs and "
    "Crime, the World Health Organization and Member States towards a balanced and humane "
    "approach to the world drug problem.",
]

SAMPLES = {
    "en": {
        "org": "Statement submitted by Harm Reduction International, a non-governmental "
        "organization in special consultative status with the Economic and Social Council",
        "body": "Commission on Narcotic Drugs",
        "session": "Fifty-seventh session",
        "date": "13 January 2014",
        "distr": "Distr.: General",
        "original": "Original: English",
        "notice": "The Secretary-General has received the following statement, which is being "
        "circulated in accordance with paragraphs 36 and 37 of Economic and Social Council "
        "resolution 1996/31.",
        "heading": "Harm reduction and the high-level review",
        "paragraphs": ENGLISH_PARAGRAPHS,
        "table": [["Region", "Services", "People reached"], ["Eastern Europe", "Needle exchange", "12 400"],
                  ["Central Asia", "Opioid substitution", "3 150"]],
        "footnote": "Harm Reduction International, The Global State of Harm Reduction 2014.",
    },
    "fr": {
        "org": "Déclaration présentée par Médecins du Monde, organisation non gouvernementale "
        "dotée du statut consultatif spécial auprès du Conseil économique et social",
        "body": "Commission des stupéfiants",
        "session": "Cinquante-septième session",
        "date": "13 janvier 2014",
        "distr": "Distr. générale",
        "original": "Original : français",
        "notice": "Le Secrétaire général a reçu la déclaration ci-après, qui est distribuée "
        "conformément aux paragraphes 36 et 37 de la résolution 1996/31 du Conseil économique et social.",
        "heading": "Réduction des risques et examen de haut niveau",
        "paragraphs": [
            "Les organisations de la société civile saluent l'examen de haut niveau de la mise en "
            "œuvre de la Déclaration politique et du Plan d'action, et remercient la Commission de "
            "l'occasion qui leur est donnée de contribuer à ses travaux.",
            "Notre organisation œuvre depuis plus de vingt ans auprès des personnes qui consomment "
            "des drogues, en leur offrant des services de réduction des risques, une aide juridique "
            "et un soutien par les pairs.",
            "Nous demandons aux États Membres de garantir l'accès aux traitements de substitution "
            "aux opiacés et à la naloxone, en milieu communautaire comme en prison.",
        ],
        "table": [["Région", "Services"], ["Afrique de l'Ouest", "Réduction des risques"]],
        "footnote": "Médecins du Monde, Rapport annuel 2013.",
    },
    "es": {
        "org": "Declaración presentada por Acción Técnica Social, organización no gubernamental "
        "reconocida como entidad consultiva especial por el Consejo Económico y Social",
        "body": "Comisión de Estupefacientes",
        "session": "57º período de sesiones",
        "date": "13 de enero de 2014",
        "distr": "Distr. general",
        "original": "Original: español",
        "notice": "El Secretario General ha recibido la siguiente declaración, que se distribuye "
        "de conformidad con los párrafos 36 y 37 de la resolución 1996/31 del Consejo Económico y Social.",
        "heading": "Reducción de daños y examen de alto nivel",
        "paragraphs": [
            "Las organizaciones de la sociedad civil acogen con beneplácito el examen de alto nivel "
            "de la aplicación de la Declaración Política y el Plan de Acción.",
            "Nuestra organización trabaja desde hace más de veinte años con personas que usan "
            "drogas en Colombia, ofreciendo servicios de reducción de daños y asistencia jurídica.",
            "Instamos a los Estados Miembros a garantizar el acceso a los medicamentos fiscalizados "
            "para el alivio del dolor y a la participación de la sociedad civil.",
        ],
        "table": [["Región", "Servicios"], ["América del Sur", "Reducción de daños"]],
        "footnote": "Acción Técnica Social, Informe anual 2013.",
    },
    "ru": {
        "org": "Заявление, представленное Евразийской сетью снижения вреда, неправительственной "
        "организацией, имеющей специальный консультативный статус при Экономическом и Социальном Совете",
        "body": "Комиссия по наркотическим средствам",
        "session": "Пятьдесят седьмая сессия",
        "date": "13 января 2014 года",
        "distr": "Distr.: General",
        "original": "Original: Russian",
        "notice": "Генеральный секретарь получил нижеследующее заявление, которое распространяется "
        "в соответствии с пунктами 36 и 37 резолюции 1996/31 Экономического и Социального Совета.",
        "heading": "Снижение вреда и обзор высокого уровня",
        "paragraphs": [
            "Организации гражданского общества приветствуют обзор высокого уровня хода осуществления "
            "Политической декларации и Плана действий.",
            "Наша организация более двадцати лет работает с людьми, употребляющими наркотики, в "
            "странах Восточной Европы и Центральной Азии.",
            "Мы призываем государства-члены обеспечить доступ к заместительной терапии и налоксону.",
        ],
        "table": [["Регион", "Услуги"], ["Центральная Азия", "Снижение вреда"]],
        "footnote": "Евразийская сеть снижения вреда, Годовой отчет 2013.",
    },
    "ar": {
        "org": "بيان مقدم من جمعية العون القانوني، وهي منظمة غير حكومية ذات مركز استشاري خاص "
        "لدى المجلس الاقتصادي والاجتماعي",
        "body": "لجنة المخدرات",
        "session": "الدورة السابعة والخمسون",
        "date": "13 كانون الثاني/يناير 2014",
        "distr": "Distr.: General",
        "original": "Original: Arabic",
        "notice": "تلقى الأمين العام البيان التالي، الذي يعمم وفقا للفقرتين 36 و37 من قرار "
        "المجلس الاقتصادي والاجتماعي 1996/31.",
        "heading": "الحد من الضرر والاستعراض الرفيع المستوى",
        "paragraphs": [
            "ترحب منظمات المجتمع المدني بالاستعراض الرفيع المستوى لتنفيذ الإعلان السياسي وخطة العمل.",
            "تعمل منظمتنا منذ أكثر من عشرين عاما مع الأشخاص الذين يتعاطون المخدرات وأسرهم.",
            "ندعو الدول الأعضاء إلى ضمان الحصول على العلاج ببدائل الأفيونيات.",
        ],
        "table": [["المنطقة", "الخدمات"], ["شمال أفريقيا", "الحد من الضرر"]],
        "footnote": "جمعية العون القانوني، التقرير السنوي 2013.",
    },
    "zh": {
        "org": "具有经济及社会理事会特别咨商地位的非政府组织国际减害协会提交的声明",
        "body": "麻醉药品委员会",
        "session": "第五十七届会议",
        "date": "2014年1月13日",
        "distr": "Distr.: General",
        "original": "Original: Chinese",
        "notice": "秘书长收到以下声明，现根据经济及社会理事会第1996/31号决议第36和37段分发。",
        "heading": "减害与高级别审查",
        "paragraphs": [
            "民间社会组织欢迎对《政治宣言和行动计划》执行情况进行的高级别审查。",
            "本组织二十多年来一直与吸毒者及其家庭和社区合作，提供减害服务和法律援助。",
            "我们呼吁会员国确保在社区和监狱中提供阿片类药物替代疗法和纳洛酮。",
        ],
        "table": [["区域", "服务"], ["东亚", "减害"]],
        "footnote": "国际减害协会，《2014年全球减害状况》。",
    },
}


def add_page_number_field(paragraph):
    """Appends a PAGE field, so the footer shows the page number."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instruction)
    run._r.append(end)


def write_docx(language, sample, path):
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(10)
    if language == "zh":
        # One CJK font for all text keeps the embedded subsets, and the PDF, small.
        for style_name in ["Normal", "Heading 1", "Heading 2", "List Bullet"]:
            cjk_style = document.styles[style_name]
            cjk_style.font.name = "WenQuanYi Micro Hei"
            cjk_style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "WenQuanYi Micro Hei")
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = SYMBOL
    footer = section.footer.paragraphs[0]
    footer.text = JOB + "\t"
    add_page_number_field(footer)
    right_to_left = language == "ar"

    for line in ["United Nations", SYMBOL, sample["distr"], sample["date"], sample["original"]]:
        paragraph = document.add_paragraph(line)
        paragraph.paragraph_format.space_after = Pt(0)
    document.add_paragraph("")
    document.add_paragraph(sample["body"]).runs[0].bold = True
    document.add_paragraph(sample["session"])
    document.add_heading(sample["org"], level=1)
    document.add_paragraph(sample["notice"]).paragraph_format.first_line_indent = Pt(24)
    document.add_heading(sample["heading"], level=2)
    for number, text in enumerate(sample["paragraphs"], start=1):
        paragraph = document.add_paragraph(f"{number}.\t{text}")
    for item in sample["table"][1:]:
        document.add_paragraph(item[0], style="List Bullet")
    table = document.add_table(rows=len(sample["table"]), cols=len(sample["table"][0]))
    table.style = "Table Grid"
    for row_index, row in enumerate(sample["table"]):
        for cell_index, value in enumerate(row):
            table.cell(row_index, cell_index).text = value
    document.add_paragraph("_" * 20)
    document.add_paragraph(sample["footnote"])
    if right_to_left:
        # Arabic paragraphs run right to left, as in UN Arabic documents.
        for paragraph in document.paragraphs:
            paragraph._p.get_or_add_pPr().insert(0, OxmlElement("w:bidi"))
    document.core_properties.title = sample["heading"]
    document.core_properties.author = "Plenary fixtures"
    document.core_properties.subject = SYMBOL
    document.save(path)


def soffice_convert(source, target_format, out_dir):
    subprocess.run(
        ["soffice", "--headless", "--convert-to", target_format, "--outdir", out_dir, source],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def write_text(sample, path, encoding="utf-8"):
    lines = ["United Nations", SYMBOL, "", sample["distr"], sample["date"], sample["original"], "",
             sample["body"], sample["session"], "", sample["org"], "", sample["notice"], "",
             sample["heading"], ""]
    for number, text in enumerate(sample["paragraphs"], start=1):
        # Hard-wrapped at 72 columns, as older plain-text files are.
        words = f"{number}. {text}".split(" ")
        line = ""
        for word in words:
            if line and len(line) + 1 + len(word) > 72:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        lines.append("")
    lines += ["_" * 40, "", JOB]
    with open(path, "w", encoding=encoding, newline="\n") as handle:
        handle.write("\n".join(lines).replace("\u00ad", "") + "\n")


def write_markdown(sample, path):
    parts = [f"# {sample['org']}", f"**{SYMBOL}** — {sample['distr']} — {sample['date']}",
             sample["notice"], f"## {sample['heading']}"]
    for number, text in enumerate(sample["paragraphs"], start=1):
        parts.append(f"{number}. {text}".replace("\u00ad", ""))
    parts.append("| " + " | ".join(sample["table"][0]) + " |")
    parts[-1] += "\n|" + "---|" * len(sample["table"][0])
    for row in sample["table"][1:]:
        parts[-1] += "\n| " + " | ".join(row) + " |"
    parts.append("---")
    parts.append(f"[^1]: {sample['footnote']}")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n\n".join(parts) + "\n")


def write_html(language, sample, path):
    escape = html.escape
    paragraphs = "\n".join(
        f"<p>{number}. {escape(text)}</p>".replace("\u00ad", "&shy;")
        for number, text in enumerate(sample["paragraphs"], start=1)
    )
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in sample["table"]
    )
    direction = ' dir="rtl"' if language == "ar" else ""
    page = f"""<!DOCTYPE html>
<html lang="{language}"{direction}>
<head>
<meta charset="utf-8">
<title>{escape(sample['heading'])} | UNODC</title>
<meta name="description" content="{escape(sample['org'])}">
<meta property="og:type" content="article">
<script>var tracking = "do not index me";</script>
<style>body {{ font-family: serif; }}</style>
</head>
<body>
<header><a href="/">UNODC</a> <nav><ul><li><a href="/en/">Home</a></li><li><a href="/ngo/">Civil society</a></li></ul></nav></header>
<div id="cookie-consent" class="banner">This site uses cookies. <button>Accept</button></div>
<main>
<article>
<h1>{escape(sample['org'])}</h1>
<p class="symbol">{SYMBOL}<br>{escape(sample['distr'])}<br>{escape(sample['date'])}</p>
<p>{escape(sample['notice'])}</p>
<h2>{escape(sample['heading'])}</h2>
{paragraphs}
<table>{rows}</table>
<hr>
<ul><li>{escape(sample['footnote'])}</li></ul>
</article>
<aside><h3>Related</h3><p>Other statements</p></aside>
</main>
<footer><p>© United Nations Office on Drugs and Crime</p><form><input name="q"></form></footer>
</body>
</html>
"""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(page)


def main():
    with tempfile.TemporaryDirectory() as work:
        for language, sample in SAMPLES.items():
            name = f"statement_{language}"
            draft = os.path.join(work, f"{name}.docx")
            write_docx(language, sample, draft)
            producer_dir = os.path.join(work, "out")
            os.makedirs(producer_dir, exist_ok=True)
            # LibreOffice is the producer of the committed DOCX and PDF.
            soffice_convert(draft, "docx:MS Word 2007 XML", producer_dir)
            soffice_convert(os.path.join(producer_dir, f"{name}.docx"), "pdf", producer_dir)
            shutil.copy(os.path.join(producer_dir, f"{name}.docx"), os.path.join(HERE, f"{name}.docx"))
            shutil.copy(os.path.join(producer_dir, f"{name}.pdf"), os.path.join(HERE, f"{name}.pdf"))
            write_text(sample, os.path.join(HERE, f"{name}.txt"))
            write_markdown(sample, os.path.join(HERE, f"{name}.md"))
            write_html(language, sample, os.path.join(HERE, f"{name}.html"))
    # Older French files come in Windows-1252; UTF-16 files carry a BOM.
    write_text(SAMPLES["fr"], os.path.join(HERE, "statement_fr_cp1252.txt"), encoding="cp1252")
    write_text(SAMPLES["ru"], os.path.join(HERE, "statement_ru_utf16.txt"), encoding="utf-16")


if __name__ == "__main__":
    main()
