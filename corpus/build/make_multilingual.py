#!/usr/bin/env python3
"""Builds the multilingual PDF and DOCX documents of the bundled corpus and checks
the multilingual labels against the documents' text.

Usage:
  python3 corpus/build/make_multilingual.py build [NAME-PART ...]  # writes the .docx/.pdf files
  python3 corpus/build/make_multilingual.py check   # checks expected.jsonl

`build` writes each document with python-docx (symbol in the page header, job number
and page number in the footer), then re-saves it through LibreOffice
(`soffice --headless --convert-to docx|pdf`) so that LibreOffice is the producer of
every .docx and .pdf. `check` reads every labelled file (decoding Windows-1252 where
UTF-8 fails, extracting text from PDF with pdftotext and from DOCX with python-docx)
and verifies that the labelled symbol, title and organization occur in its text.

Needs python-docx, LibreOffice, poppler-utils (pdftotext) and the Debian font packages
fonts-noto-core (Noto Naskh Arabic) and fonts-wqy-microhei (a TrueType CJK face, which
keeps the Chinese PDF small).
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
LABELS = CORPUS / "expected.jsonl"


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
            for part in (section.header, section.footer, section.first_page_footer):
                parts += [p.text for p in part.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts += [cell.text for cell in row.cells]
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



# ---------------------------------------------------------------- building

FONTS = {
    "ar": "Noto Naskh Arabic",
    # A TrueType CJK face: LibreOffice subsets it tightly (CFF CJK faces give 100+ KB PDFs).
    "zh": "WenQuanYi Micro Hei",
}
LATIN_FONT = "Liberation Serif"


def set_run_fonts(run, lang: str) -> None:
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement
    run.font.name = LATIN_FONT
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), FONTS.get("zh"))
    fonts.set(qn("w:cs"), FONTS.get("ar"))
    if lang == "ar":
        r_pr.append(OxmlElement("w:rtl"))


def add_text(container, text: str, lang: str, *, bold=False, italic=False, size=None,
             align=None, indent=None, rtl=None):
    """Adds one paragraph; rtl paragraphs get w:bidi so LibreOffice lays them out right to left."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Pt, Cm
    paragraph = container.add_paragraph()
    if rtl is None:
        # Latin lines of an Arabic document (symbol, "Distr.: General", the date) stay left to right.
        rtl = lang == "ar" and re.search("[\u0600-\u06ff]", text) is not None
    if rtl:
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    run = paragraph.add_run(text)
    set_run_fonts(run, "ar" if rtl else lang)
    # A bold CJK face would embed a second large font; UN Chinese documents use heiti instead.
    run.bold = bold and lang != "zh"
    run.italic = italic
    run.font.size = Pt(size or 10)
    if align == "right":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif align == "center":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "justify" and not rtl:
        # Justified Arabic gets kashida stretching, which text extraction turns into junk.
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        paragraph.paragraph_format.left_indent = Cm(indent)
        paragraph.paragraph_format.right_indent = Cm(indent)
    paragraph.paragraph_format.space_after = Pt(4)
    return paragraph


def add_page_field(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def write_docx(spec: dict, target: Path) -> None:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Cm
    lang = spec["lang"]
    document = docx.Document()
    # Default style fonts too, so headers, footers and empty cells embed no further face.
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal_fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    normal_fonts.set(qn("w:eastAsia"), FONTS["zh"])
    normal_fonts.set(qn("w:cs"), FONTS["ar"])
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    # As in UN print: page 1 carries the symbol in the masthead and only the job number
    # below; later pages carry the symbol in the header and job and page number in the footer.
    section.different_first_page_header_footer = True
    section.first_page_footer.paragraphs[0].text = spec["job"]
    header = section.header.paragraphs[0]
    header.text = spec["symbol"] if spec.get("symbol") else ""
    footer = section.footer.paragraphs[0]
    footer.add_run(spec["job"] + "\t\t")
    add_page_field(footer)

    # The masthead: organization and body on the left, symbol and distribution on the right.
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    for index, line in enumerate(spec["masthead_left"]):
        add_text(left, line, lang, bold=index == 0, size=14 if index == 0 else 11)
    for line in spec["masthead_right"]:
        add_text(right, line, lang, align="right", bold=line == spec.get("symbol"))

    for index, line in enumerate(spec["meeting"]):
        add_text(document, line, lang, bold=index == 0)
    add_text(document, spec["submitted"], lang, bold=True, indent=1.5)
    add_text(document, spec["circulated"], lang, indent=1.5)
    for note in spec["footnotes"]:
        add_text(document, note, lang, size=8)
    add_text(document, spec["title"], lang, bold=True, size=12, indent=1.0)
    for paragraph in spec["paragraphs"]:
        add_text(document, paragraph, lang, align="justify")
    document.save(str(target))


def soffice(source: Path, target_format: str, outdir: Path) -> Path:
    subprocess.run(["soffice", "--headless", "--convert-to", target_format,
                    "--outdir", str(outdir), str(source)],
                   check=True, capture_output=True, timeout=300)
    return outdir / (source.stem + "." + target_format)


def build(only: list) -> int:
    """Writes every document of DOCUMENTS (or those whose name contains one of `only`)."""
    if shutil.which("soffice") is None:
        print("soffice not found: install LibreOffice first")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for spec in DOCUMENTS:
            name = spec["name"]
            if only and not any(part in name for part in only):
                continue
            draft_dir = work / "draft"
            draft_dir.mkdir(exist_ok=True)
            draft = draft_dir / (name + ".docx")
            write_docx(spec, draft)
            out_dir = work / "out"
            out_dir.mkdir(exist_ok=True)
            for extension in spec["formats"]:
                produced = soffice(draft, extension, out_dir)
                target = DOCS / (name + "." + extension)
                shutil.copyfile(produced, target)
                print(f"wrote {target.relative_to(CORPUS)} ({target.stat().st_size} bytes)")
    return 0


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "check":
        return check()
    if command == "build":
        return build(sys.argv[2:])
    print(__doc__)
    return 2


# ---------------------------------------------------------------- documents
# The text of every document this script builds. Each entry gives the masthead,
# the meeting block, the standard sentences, the statement's heading and its
# numbered paragraphs, in the language of the document.

DOCUMENTS = [
    # Language set: E/CN.15/2019/NGO/21 in English, French and Spanish.
    {
        "name": "ccpcj-2019-ngov-21.en", "formats": ["docx"], "lang": "en",
        "symbol": "E/CN.15/2019/NGO/21", "job": "V.19-01342 (E)",
        "masthead_left": ["United Nations", "Economic and Social Council"],
        "masthead_right": ["E/CN.15/2019/NGO/21", "Distr.: General", "11 March 2019", "",
                           "Original: English"],
        "meeting": ["Commission on Crime Prevention and Criminal Justice",
                    "Twenty-eighth session", "Vienna, 20–24 May 2019",
                    "Item 6 of the provisional agenda*",
                    "Use and application of United Nations standards and norms in crime "
                    "prevention and criminal justice"],
        "submitted": "Statement submitted by Soroptimist International, a non-governmental "
                     "organization in general consultative status with the Economic and "
                     "Social Council**",
        "circulated": "The Secretary-General has received the following statement, which is "
                      "being circulated in accordance with paragraphs 36 and 37 of Economic "
                      "and Social Council resolution 1996/31.",
        "footnotes": ["* E/CN.15/2019/1.", "** The present statement is issued without formal editing."],
        "title": "Ending femicide: from prevention to accountability",
        "paragraphs": [
            "1. Soroptimist International, a global volunteer movement of women working in "
            "121 countries, welcomes the attention that the Commission continues to give to the "
            "gender-related killing of women and girls. According to the Global Study on Homicide "
            "published by the United Nations Office on Drugs and Crime in 2018, some 87,000 women "
            "were intentionally killed in 2017; 50,000 of them, or 58 per cent, were killed by an "
            "intimate partner or a family member. Every day, 137 women are killed by someone in "
            "their own family.",
            "2. The home remains the most dangerous place for a woman. Most of these killings are "
            "preceded by a long history of violence that was known to the police, to health "
            "services or to neighbours. Femicide is therefore, to a large degree, preventable, and "
            "each case is a failure of the systems that should have protected the victim.",
            "3. General Assembly resolution 68/191 of 18 December 2013 on taking action against "
            "gender-related killing of women and girls urged States to strengthen their criminal "
            "justice response. Eighteen countries in Latin America have since defined femicide or "
            "feminicide as a distinct offence. Legislation alone has not reduced the numbers; what "
            "matters is how risk is assessed and how protection orders are enforced.",
            "4. Our clubs in Argentina, Kenya, Nepal and the United Kingdom of Great Britain and "
            "Northern Ireland work with survivors and with the families of women who were killed. "
            "They report the same gaps everywhere: risk assessments are not carried out "
            "systematically, protection orders are not monitored, and the families of victims "
            "must often pay for legal representation themselves. Children who lose their mother "
            "are rarely offered any support.",
            "5. Data are a precondition of accountability. We support the creation of femicide "
            "watches, as proposed by the Special Rapporteur on violence against women in 2015, and "
            "the collection of data disaggregated by the relationship between victim and "
            "perpetrator, in line with the International Classification of Crime for Statistical "
            "Purposes.",
            "6. Soroptimist International urges Member States: (a) to adopt multi-agency risk "
            "assessment and to enforce protection orders; (b) to establish femicide watches and "
            "publish annual data; (c) to guarantee the families of victims free legal aid, "
            "compensation and psychological support, as set out in the Declaration of Basic "
            "Principles of Justice for Victims of Crime and Abuse of Power; and (d) to train "
            "police, prosecutors and judges on the updated Model Strategies and Practical Measures "
            "on the Elimination of Violence against Women in the Field of Crime Prevention and "
            "Criminal Justice (General Assembly resolution 65/228).",
        ],
    },
    {
        "name": "ccpcj-2019-ngov-21.fr", "formats": ["docx"], "lang": "fr",
        "symbol": "E/CN.15/2019/NGO/21", "job": "V.19-01342 (F)",
        "masthead_left": ["Nations Unies", "Conseil économique et social"],
        "masthead_right": ["E/CN.15/2019/NGO/21", "Distr. générale", "11 mars 2019", "Français",
                           "Original : anglais"],
        "meeting": ["Commission pour la prévention du crime et la justice pénale",
                    "Vingt-huitième session", "Vienne, 20-24 mai 2019",
                    "Point 6 de l'ordre du jour provisoire*",
                    "Utilisation et application des règles et normes de l'Organisation des "
                    "Nations Unies en matière de prévention du crime et de justice pénale"],
        "submitted": "Déclaration présentée par Soroptimist International, organisation non "
                     "gouvernementale dotée du statut consultatif général auprès du Conseil "
                     "économique et social**",
        "circulated": "Le Secrétaire général a reçu la déclaration ci-après, qui est distribuée "
                      "conformément aux paragraphes 36 et 37 de la résolution 1996/31 du Conseil "
                      "économique et social.",
        "footnotes": ["* E/CN.15/2019/1.",
                      "** La présente déclaration n'a pas été revue par les services d'édition."],
        "title": "Mettre fin au féminicide : de la prévention à l'établissement des responsabilités",
        "paragraphs": [
            "1. Soroptimist International, mouvement mondial de femmes bénévoles présent dans "
            "121 pays, se félicite de l'attention que la Commission continue d'accorder au meurtre "
            "de femmes et de filles motivé par des considérations de genre. Selon l'Étude mondiale "
            "sur l'homicide publiée par l'Office des Nations Unies contre la drogue et le crime en "
            "2018, quelque 87 000 femmes ont été tuées intentionnellement en 2017 ; 50 000 d'entre "
            "elles, soit 58 %, l'ont été par un partenaire intime ou un membre de leur famille. "
            "Chaque jour, 137 femmes sont tuées par un membre de leur propre famille.",
            "2. Le foyer reste le lieu le plus dangereux pour une femme. La plupart de ces meurtres "
            "sont précédés d'une longue histoire de violences connues de la police, des services "
            "de santé ou du voisinage. Le féminicide est donc, dans une large mesure, évitable, et "
            "chaque cas traduit la défaillance des dispositifs qui auraient dû protéger la victime.",
            "3. Dans sa résolution 68/191 du 18 décembre 2013 intitulée « Prendre des mesures contre "
            "le meurtre sexiste de femmes et de filles », l'Assemblée générale a exhorté les États "
            "à renforcer la réponse de leur système de justice pénale. Dix-huit pays d'Amérique "
            "latine ont depuis érigé le féminicide en infraction distincte. La loi seule n'a pas "
            "fait baisser les chiffres : ce qui compte, c'est la manière dont le risque est évalué "
            "et dont les ordonnances de protection sont exécutées.",
            "4. Nos clubs en Argentine, au Kenya, au Népal et au Royaume-Uni de Grande-Bretagne et "
            "d'Irlande du Nord travaillent avec des survivantes et avec les familles de femmes "
            "tuées. Ils constatent partout les mêmes lacunes : l'évaluation des risques n'est pas "
            "systématique, les ordonnances de protection ne sont pas suivies et les familles des "
            "victimes doivent souvent payer elles-mêmes leur avocat. Les enfants qui perdent leur "
            "mère ne reçoivent presque jamais d'aide.",
            "5. Les données sont une condition de l'établissement des responsabilités. Nous "
            "soutenons la création d'observatoires du féminicide, proposée par la Rapporteuse "
            "spéciale sur la violence contre les femmes en 2015, et la collecte de données "
            "ventilées selon la relation entre la victime et l'auteur, conformément à la "
            "Classification internationale des infractions à des fins statistiques.",
            "6. Soroptimist International invite instamment les États Membres : a) à adopter une "
            "évaluation des risques associant tous les services concernés et à faire respecter les "
            "ordonnances de protection ; b) à créer des observatoires du féminicide et à publier "
            "des données annuelles ; c) à garantir aux familles des victimes l'aide juridictionnelle "
            "gratuite, une indemnisation et un soutien psychologique, comme le prévoit la "
            "Déclaration des principes fondamentaux de justice relatifs aux victimes de la "
            "criminalité et aux victimes d'abus de pouvoir ; d) à former la police, les procureurs "
            "et les juges aux Stratégies types et mesures concrètes actualisées relatives à "
            "l'élimination de la violence contre les femmes dans le domaine de la prévention du "
            "crime et de la justice pénale (résolution 65/228 de l'Assemblée générale).",
        ],
    },
    {
        "name": "ccpcj-2019-ngov-21.es", "formats": ["pdf"], "lang": "es",
        "symbol": "E/CN.15/2019/NGO/21", "job": "V.19-01342 (S)",
        "masthead_left": ["Naciones Unidas", "Consejo Económico y Social"],
        "masthead_right": ["E/CN.15/2019/NGO/21", "Distr. general", "11 de marzo de 2019",
                           "Español", "Original: inglés"],
        "meeting": ["Comisión de Prevención del Delito y Justicia Penal",
                    "28º período de sesiones", "Viena, 20 a 24 de mayo de 2019",
                    "Tema 6 del programa provisional*",
                    "Utilización y aplicación de las reglas y normas de las Naciones Unidas en "
                    "materia de prevención del delito y justicia penal"],
        "submitted": "Declaración presentada por Soroptimist International, organización no "
                     "gubernamental reconocida como entidad consultiva general por el Consejo "
                     "Económico y Social**",
        "circulated": "El Secretario General ha recibido la siguiente declaración, que se "
                      "distribuye de conformidad con lo dispuesto en los párrafos 36 y 37 de la "
                      "resolución 1996/31 del Consejo Económico y Social.",
        "footnotes": ["* E/CN.15/2019/1.", "** La presente declaración se publica sin revisión editorial."],
        "title": "Poner fin al feminicidio: de la prevención a la rendición de cuentas",
        "paragraphs": [
            "1. Soroptimist International, movimiento mundial de mujeres voluntarias presente en "
            "121 países, celebra la atención que la Comisión sigue prestando a los asesinatos de "
            "mujeres y niñas por razones de género. Según el Estudio Mundial sobre el Homicidio "
            "publicado por la Oficina de las Naciones Unidas contra la Droga y el Delito en 2018, "
            "unas 87.000 mujeres fueron asesinadas intencionalmente en 2017; 50.000 de ellas, es "
            "decir, el 58 %, murieron a manos de su pareja o de un familiar. Cada día, 137 mujeres "
            "son asesinadas por un miembro de su propia familia.",
            "2. El hogar sigue siendo el lugar más peligroso para una mujer. La mayoría de estos "
            "asesinatos van precedidos de una larga historia de violencia conocida por la policía, "
            "los servicios de salud o los vecinos. El feminicidio es, por tanto, en gran medida "
            "prevenible, y cada caso revela el fracaso de los sistemas que debían proteger a la "
            "víctima.",
            "3. En su resolución 68/191, de 18 de diciembre de 2013, relativa a la adopción de "
            "medidas contra el asesinato de mujeres y niñas por razones de género, la Asamblea "
            "General instó a los Estados a fortalecer la respuesta de la justicia penal. Desde "
            "entonces, dieciocho países de América Latina han tipificado el femicidio o feminicidio "
            "como delito autónomo. La ley por sí sola no ha reducido las cifras: lo decisivo es cómo "
            "se evalúa el riesgo y cómo se hacen cumplir las órdenes de protección.",
            "4. Nuestros clubes en la Argentina, Kenya, Nepal y el Reino Unido de Gran Bretaña e "
            "Irlanda del Norte trabajan con sobrevivientes y con las familias de mujeres asesinadas. "
            "En todas partes observan las mismas carencias: la evaluación del riesgo no es "
            "sistemática, no se vigila el cumplimiento de las órdenes de protección y las familias "
            "de las víctimas a menudo deben pagar su propia representación letrada. Los hijos e "
            "hijas que pierden a su madre casi nunca reciben apoyo.",
            "5. Los datos son una condición de la rendición de cuentas. Apoyamos la creación de "
            "observatorios del feminicidio, propuesta por la Relatora Especial sobre la violencia "
            "contra la mujer en 2015, y la recopilación de datos desglosados según la relación "
            "entre la víctima y el autor, conforme a la Clasificación Internacional de Delitos con "
            "Fines Estadísticos.",
            "6. Soroptimist International insta a los Estados Miembros a que: a) adopten una "
            "evaluación del riesgo en la que participen todos los organismos y hagan cumplir las "
            "órdenes de protección; b) creen observatorios del feminicidio y publiquen datos "
            "anuales; c) garanticen a las familias de las víctimas asistencia jurídica gratuita, "
            "indemnización y apoyo psicológico, como dispone la Declaración sobre los Principios "
            "Fundamentales de Justicia para las Víctimas de Delitos y del Abuso de Poder; y d) "
            "capaciten a policías, fiscales y jueces en las Estrategias y Medidas Prácticas Modelo "
            "Actualizadas para la Eliminación de la Violencia contra la Mujer en el Campo de la "
            "Prevención del Delito y la Justicia Penal (resolución 65/228 de la Asamblea General).",
        ],
    },
    # Language set: CAC/COSP/2019/NGO/17 (English .md and Russian .txt are written by hand).
    {
        "name": "cosp-2019-ngov-17.zh", "formats": ["pdf"], "lang": "zh",
        "symbol": "CAC/COSP/2019/NGO/17", "job": "V.19-10586 (C)",
        "masthead_left": ["联合国", "联合国反腐败公约缔约国会议"],
        "masthead_right": ["CAC/COSP/2019/NGO/17", "Distr.: General", "28 October 2019",
                           "Chinese", "Original: English"],
        "meeting": ["第八届会议", "2019年12月16日至20日，阿布扎比", "临时议程*项目4", "预防"],
        "submitted": "具有经济及社会理事会特别咨商地位的非政府组织透明国际提交的声明**",
        "circulated": "秘书处收到下述声明，现根据缔约国会议议事规则第17条予以分发。",
        "footnotes": ["* CAC/COSP/2019/1。", "** 本声明未经正式编辑。"],
        "title": "举报人与受益所有权：阿布扎比会议面临的两项考验",
        "paragraphs": [
            "1. 透明国际是一个在100多个国家设有分会的全球运动，欢迎于2019年12月16日至20日在阿布扎比"
            "举行的缔约国会议第八届会议。本届会议恰逢实施情况审议机制第二个审议周期开始。第二周期审议"
            "《公约》第二章（预防措施）和第五章（资产追回）。保护举报腐败的人以及公开公司的真实所有人，"
            "这两个问题将表明各缔约国是否认真对待预防腐败工作。",
            "2. 《公约》第三十三条要求缔约国考虑采取适当措施，保护出于善意举报的人员。第一个审议周期显示，"
            "在接受审议的缔约国中，只有不到一半在法律上提供了全面保护。仅在过去一年中，我们的分会就记录了"
            "公共采购、卫生和采掘行业中针对举报人的报复行为，从解雇到刑事诽谤诉讼不等。2019年10月23日，"
            "欧洲联盟通过了一项关于保护举报违反联盟法律行为者的指令；其他区域应当效仿。",
            "3. 匿名公司仍然是转移腐败所得的首选工具。2016年的“巴拿马文件”揭露了超过21.4万个离岸实体。"
            "《公约》第十二条和第十四条要求缔约国提高私营实体的透明度，包括参与公司设立和管理的法人和自然人"
            "的身份，并预防洗钱。越来越多的国家设立了公开的受益所有人登记册，欧洲联盟要求自2020年1月起"
            "对公司实行公开登记。",
            "4. 民间社会在审议中可以发挥作用。我们呼吁在第二周期接受审议的所有缔约国公布自评清单和完整的"
            "国别报告，并邀请民间社会组织参加国别访问。",
            "5. 透明国际呼吁缔约国会议：(a) 通过一项决议，鼓励制定涵盖公共和私营部门的全面举报人保护法；"
            "(b) 鼓励缔约国建立集中、公开的受益所有人登记册；(c) 使民间社会参与国别审议成为常规而非例外。",
        ],
    },
    {
        "name": "cosp-2023-ngo-13.fr", "formats": ["pdf"], "lang": "fr",
        "symbol": "CAC/COSP/2023/NGO/13", "job": "V.23-18834 (F)",
        "masthead_left": ["Nations Unies",
                          "Conférence des États parties à la Convention des Nations Unies contre la corruption"],
        "masthead_right": ["CAC/COSP/2023/NGO/13", "Distr. générale", "2 octobre 2023", "",
                           "Original : français"],
        "meeting": ["Dixième session", "Atlanta (États-Unis d'Amérique), 11-15 décembre 2023",
                    "Point 5 de l'ordre du jour provisoire*", "Prévention"],
        "submitted": "Déclaration présentée par l'Observatoire citoyen de l'intégrité publique, "
                     "organisation non gouvernementale inscrite sur la Liste du Conseil économique "
                     "et social**",
        "circulated": "Le Secrétariat a reçu la déclaration ci-après, qui est distribuée "
                      "conformément à l'article 17 du règlement intérieur de la Conférence des "
                      "États parties.",
        "footnotes": ["* CAC/COSP/2023/1.",
                      "** La présente déclaration n'a pas été revue par les services d'édition."],
        "title": "Corruption et atteintes à l'environnement dans le bassin du Congo",
        "paragraphs": [
            "1. L'Observatoire citoyen de l'intégrité publique, créé à Kinshasa en 2011, suit "
            "l'attribution des concessions forestières et minières en République démocratique du "
            "Congo, en République du Congo et au Cameroun. Il souhaite appeler l'attention de la "
            "Conférence sur le lien entre la corruption et les infractions qui portent atteinte à "
            "l'environnement, dans le prolongement de la résolution 8/12 adoptée à Abou Dhabi en "
            "décembre 2019.",
            "2. Le bassin du Congo abrite la deuxième forêt tropicale du monde. Nos enquêtes de "
            "terrain, menées en 2021 et 2022 dans trois provinces, montrent que près de la moitié "
            "des permis de coupe artisanale étaient utilisés par des sociétés industrielles, en "
            "violation du code forestier, avec la complicité d'agents de l'administration payés en "
            "espèces. Le bois est ensuite exporté par les ports de Matadi et de Douala sous de faux "
            "certificats d'origine.",
            "3. Les réseaux qui organisent ce commerce sont aussi impliqués dans l'exploitation "
            "illégale de l'or et du coltan et dans le trafic d'espèces sauvages, notamment d'ivoire "
            "et d'écailles de pangolin. Ils s'appuient sur les mêmes intermédiaires, les mêmes faux "
            "documents et les mêmes sociétés écrans, et relèvent souvent de la criminalité "
            "transnationale organisée au sens de la Convention de Palerme. La criminalité "
            "environnementale ne peut être combattue sans s'attaquer à la corruption qui la rend "
            "possible.",
            "4. La Convention des Nations Unies contre la corruption offre des outils adaptés : "
            "incrimination de la corruption d'agents publics nationaux (art. 15), de l'abus de "
            "fonctions (art. 19) et du blanchiment du produit du crime (art. 23), transparence de "
            "la passation des marchés publics et de la gestion des finances publiques (art. 9). "
            "Mais les enquêtes s'arrêtent presque toujours aux petits agents ; les bénéficiaires "
            "effectifs des concessions restent inconnus.",
            "5. L'exécution du budget des administrations forestières reste par ailleurs opaque : "
            "les recettes de la redevance de superficie ne sont pas publiées et ne parviennent pas "
            "aux communautés riveraines, contrairement à ce que prévoit la loi.",
            "6. L'Observatoire recommande à la Conférence : a) d'encourager la publication des "
            "contrats de concession et de l'identité de leurs bénéficiaires effectifs ; b) de "
            "renforcer la coopération entre les autorités de lutte contre la corruption, les "
            "douanes et les services de protection de la faune ; c) d'intégrer les infractions "
            "environnementales dans les évaluations des risques de corruption ; d) de protéger les "
            "défenseurs de l'environnement et les journalistes qui révèlent ces faits.",
        ],
    },
    {
        "name": "ccpcj-2018-ngo-20.ar", "formats": ["pdf"], "lang": "ar",
        "symbol": "E/CN.15/2018/NGO/20", "job": "V.18-01466 (A)",
        "masthead_left": ["الأمم المتحدة", "المجلس الاقتصادي والاجتماعي"],
        "masthead_right": ["E/CN.15/2018/NGO/20", "Distr.: General", "5 March 2018", "Arabic",
                           "Original: Arabic"],
        "meeting": ["لجنة منع الجريمة والعدالة الجنائية", "الدورة السابعة والعشرون",
                    "فيينا، 14-18 أيار/مايو 2018", "البند 7 من جدول الأعمال المؤقت*",
                    "اتجاهات الجريمة على الصعيد العالمي والمسائل الجديدة والتدابير المتخذة في "
                    "مجال منع الجريمة والعدالة الجنائية"],
        "submitted": "بيان مقدم من المنظمة العربية لحقوق الإنسان، وهي منظمة غير حكومية ذات مركز "
                     "استشاري خاص لدى المجلس الاقتصادي والاجتماعي**",
        "circulated": "تلقى الأمين العام البيان التالي، الذي يعمم وفقا للفقرتين 36 و 37 من قرار "
                      "المجلس الاقتصادي والاجتماعي 1996/31.",
        "footnotes": ["* E/CN.15/2018/1.", "** يصدر هذا البيان دون تحرير رسمي."],
        "title": "حماية ضحايا الاتجار بالأشخاص في سياق النزاعات المسلحة والنزوح",
        "paragraphs": [
            "1 - تتابع المنظمة العربية لحقوق الإنسان منذ عام 2011 أوضاع اللاجئين والنازحين في "
            "المنطقة العربية، وتود أن تلفت انتباه اللجنة إلى تزايد الاتجار بالأشخاص في سياق "
            "النزاعات المسلحة في الجمهورية العربية السورية والعراق واليمن وليبيا.",
            "2 - وقد أشار التقرير العالمي عن الاتجار بالأشخاص الذي أصدره مكتب الأمم المتحدة المعني "
            "بالمخدرات والجريمة في عام 2016 إلى أن النزاعات المسلحة تخلق بيئة مواتية للاتجار، إذ "
            "تضعف سيادة القانون وتدفع الملايين إلى النزوح. وقد وثقنا حالات استغلال جنسي وعمل قسري "
            "وتزويج قسري لفتيات قاصرات في مخيمات اللاجئين وفي المدن في البلدان المجاورة.",
            "3 - وتستغل الجماعات الإجرامية المنظمة، وكذلك بعض الجماعات المسلحة، حاجة النازحين إلى "
            "العبور والعمل، فتعدهم بوظائف في الخارج ثم تصادر وثائقهم وتحتجزهم بذريعة الديون. ويشكل "
            "بروتوكول منع وقمع ومعاقبة الاتجار بالأشخاص، وبخاصة النساء والأطفال، المكمل لاتفاقية "
            "الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية، الإطار القانوني الأساسي لمواجهة "
            "هذه الجرائم.",
            "4 - غير أن الضحايا كثيرا ما يعاملون كمخالفين لقوانين الإقامة والعمل، فيحتجزون أو "
            "يرحلون قبل التعرف عليهم كضحايا. وتنص المادة 6 من البروتوكول على توفير المساعدة "
            "والحماية لضحايا الاتجار بالأشخاص، بما في ذلك السكن الملائم والمشورة والمساعدة الطبية "
            "والنفسية وإمكانية الحصول على تعويض. ونؤكد ضرورة عدم معاقبة الضحايا على أفعال أرغموا "
            "على ارتكابها.",
            "5 - ويحتاج الأطفال غير المصحوبين بذويهم إلى حماية خاصة. فقد التقينا في عام 2017 أطفالا "
            "لا تتجاوز أعمارهم اثني عشر عاما يعملون في الزراعة وفي التسول المنظم، دون تعليم أو رعاية "
            "صحية. ويجب أن تكون مصلحة الطفل الفضلى أساس كل قرار يتعلق بهم، بما في ذلك قرارات لم "
            "شمل الأسر.",
            "6 - وتوصي المنظمة الدول الأعضاء بما يلي: (أ) تدريب موظفي الحدود والشرطة والعاملين في "
            "المخيمات على التعرف المبكر على الضحايا؛ (ب) إنشاء آليات إحالة وطنية تضمن للضحايا "
            "المأوى والمساعدة القانونية؛ (ج) تعزيز التعاون القضائي الإقليمي لملاحقة الشبكات "
            "الإجرامية؛ (د) دعم صندوق الأمم المتحدة الاستئماني للتبرعات لضحايا الاتجار بالأشخاص، "
            "وبخاصة النساء والأطفال.",
        ],
    },
    {
        "name": "cnd-2020-ngo-18.ar", "formats": ["docx"], "lang": "ar",
        "symbol": "E/CN.7/2020/NGO/18", "job": "V.19-11402 (A)",
        "masthead_left": ["الأمم المتحدة", "المجلس الاقتصادي والاجتماعي"],
        "masthead_right": ["E/CN.7/2020/NGO/18", "Distr.: General", "20 December 2019", "Arabic",
                           "Original: English"],
        "meeting": ["لجنة المخدرات", "الدورة الثالثة والستون", "فيينا، 2-6 آذار/مارس 2020",
                    "البند 5 من جدول الأعمال المؤقت*", "تنفيذ المعاهدات الدولية لمراقبة المخدرات"],
        "submitted": "بيان مقدم من منظمة العفو الدولية، وهي منظمة غير حكومية ذات مركز استشاري خاص "
                     "لدى المجلس الاقتصادي والاجتماعي**",
        "circulated": "تلقى الأمين العام البيان التالي، الذي يعمم وفقا للفقرتين 36 و 37 من قرار "
                      "المجلس الاقتصادي والاجتماعي 1996/31.",
        "footnotes": ["* E/CN.7/2020/1.", "** يصدر هذا البيان دون تحرير رسمي."],
        "title": "عقوبة الإعدام على جرائم المخدرات: انتهاك للقانون الدولي لا يحمي أحدا",
        "paragraphs": [
            "1 - ترصد منظمة العفو الدولية استخدام عقوبة الإعدام في جميع أنحاء العالم منذ عقود. وقد "
            "سجلت المنظمة في عام 2018 ما لا يقل عن 690 عملية إعدام في 20 بلدا، ونفذ عدد كبير منها "
            "بسبب جرائم تتعلق بالمخدرات، ولا سيما في جمهورية إيران الإسلامية والمملكة العربية "
            "السعودية وسنغافورة والصين، حيث تبقى الأرقام سرا من أسرار الدولة.",
            "2 - وتنص الفقرة 2 من المادة 6 من العهد الدولي الخاص بالحقوق المدنية والسياسية على أنه "
            "لا يجوز في البلدان التي لم تلغ عقوبة الإعدام أن يحكم بها إلا جزاء على أشد الجرائم "
            "خطورة. وقد أكدت اللجنة المعنية بحقوق الإنسان في تعليقها العام رقم 36 (2018) أن جرائم "
            "المخدرات لا تبلغ هذه العتبة.",
            "3 - ولا يوجد دليل على أن عقوبة الإعدام تردع الاتجار بالمخدرات أكثر من السجن. فبعد أن "
            "عدلت جمهورية إيران الإسلامية قانون مكافحة المخدرات في تشرين الثاني/نوفمبر 2017 ورفعت "
            "الكميات الموجبة للإعدام، انخفض عدد الإعدامات المسجلة بسبب جرائم المخدرات انخفاضا حادا "
            "في عام 2018، دون أن تشير البيانات الرسمية إلى زيادة في الاتجار.",
            "4 - ومعظم من يعدمون بسبب جرائم المخدرات هم من الفقراء والأجانب وناقلي المخدرات الصغار، "
            "لا من قادة الشبكات. وكثيرا ما يحرمون من الترجمة ومن محام كفء، وتنتزع اعترافاتهم تحت "
            "الإكراه.",
            "5 - وقد أعلن الموقف الموحد لمنظومة الأمم المتحدة بشأن سياسات المخدرات، الذي اعتمده "
            "مجلس الرؤساء التنفيذيين في تشرين الثاني/نوفمبر 2018، التزام المنظومة بالدعوة إلى إلغاء "
            "عقوبة الإعدام على جميع الجرائم المتصلة بالمخدرات. وعلى اللجنة أن تأخذ بهذا الموقف في "
            "أعمالها.",
            "6 - وتدعو منظمة العفو الدولية الدول الأعضاء إلى: (أ) إلغاء عقوبة الإعدام على الجرائم "
            "المتصلة بالمخدرات فورا، بوصف ذلك خطوة نحو إلغائها تماما؛ (ب) تخفيف جميع أحكام الإعدام "
            "الصادرة بسبب هذه الجرائم؛ (ج) نشر بيانات كاملة عن أحكام الإعدام وعمليات الإعدام؛ (د) "
            "ضمان ألا تسهم المساعدة التقنية والتمويل الدولي لإنفاذ قوانين المخدرات في صدور أحكام "
            "بالإعدام.",
        ],
    },
    {
        "name": "cnd-2019-ngo-19.ru", "formats": ["docx"], "lang": "ru",
        "symbol": "E/CN.7/2019/NGO/19", "job": "V.19-00127 (R)",
        "masthead_left": ["Организация Объединенных Наций", "Экономический и Социальный Совет"],
        "masthead_right": ["E/CN.7/2019/NGO/19", "Distr.: General", "7 January 2019", "",
                           "Original: Russian"],
        "meeting": ["Комиссия по наркотическим средствам", "Шестьдесят вторая сессия",
                    "Вена, 14–22 марта 2019 года", "Пункт 5 предварительной повестки дня*",
                    "Осуществление международных договоров о контроле над наркотиками"],
        "submitted": "Заявление, представленное организацией «Евразийская ассоциация снижения вреда», "
                     "неправительственной организацией, имеющей специальный консультативный статус "
                     "при Экономическом и Социальном Совете**",
        "circulated": "Генеральный секретарь получил следующее заявление, которое распространяется в "
                      "соответствии с пунктами 36 и 37 резолюции 1996/31 Экономического и "
                      "Социального Совета.",
        "footnotes": ["* E/CN.7/2019/1.",
                      "** Настоящее заявление публикуется без официального редактирования."],
        "title": "Снижение вреда в Восточной Европе и Центральной Азии: десять лет упущенных возможностей",
        "paragraphs": [
            "1. Евразийская ассоциация снижения вреда объединяет более 300 организаций и активистов "
            "из 29 стран Центральной и Восточной Европы и Центральной Азии. В преддверии "
            "министерского сегмента 14–15 марта 2019 года, на котором будут подведены итоги "
            "выполнения Политической декларации и Плана действий 2009 года, мы напоминаем Комиссии, "
            "что наш регион остается единственным в мире, где эпидемия ВИЧ продолжает расти.",
            "2. По данным ЮНЭЙДС, число новых случаев ВИЧ-инфекции в регионе с 2010 по 2017 год "
            "увеличилось на 30 процентов, и значительная их доля связана с употреблением инъекционных "
            "наркотиков. При этом охват программами обмена игл и шприцев остается крайне низким, а "
            "опиоидная заместительная терапия (ОЗТ) доступна менее чем 5 процентам нуждающихся; в "
            "Российской Федерации и Туркменистане применение метадона и бупренорфина для лечения "
            "зависимости запрещено законом.",
            "3. Снижение вреда работает там, где его применяют. В Кыргызстане, Республике Молдова и "
            "Украине программы ОЗТ, начатые в 2000-х годах, позволили стабилизировать эпидемию среди "
            "людей, употребляющих наркотики. Однако после ухода Глобального фонда для борьбы со "
            "СПИДом, туберкулезом и малярией из стран со средним уровнем дохода многие программы "
            "оказались под угрозой закрытия: государственные бюджеты не взяли на себя их "
            "финансирование.",
            "4. Особую тревогу вызывает положение в местах лишения свободы. Значительная часть "
            "заключенных в регионе осуждена за преступления, связанные с наркотиками; "
            "распространенность ВИЧ, гепатита С и туберкулеза в тюрьмах многократно выше, чем среди "
            "населения в целом. Лишь в немногих странах, в частности в Республике Молдова и "
            "Кыргызстане, заключенные имеют доступ к ОЗТ и обмену шприцев. Прерывание лечения при "
            "аресте и отсутствие помощи после освобождения приводят к передозировкам в первые недели "
            "после выхода на свободу.",
            "5. Репрессивное законодательство усугубляет ситуацию: уголовная ответственность за "
            "хранение малых количеств наркотиков, обязательная постановка потребителей на учет в "
            "наркологических учреждениях и преследования со стороны полиции отталкивают людей от "
            "услуг.",
            "6. Мы призываем государства-члены: a) включить снижение вреда, в том числе ОЗТ, в "
            "национальные программы и финансировать его из государственных бюджетов; b) обеспечить "
            "доступ к ОЗТ и обмену шприцев в местах лишения свободы в соответствии с Минимальными "
            "стандартными правилами Организации Объединенных Наций в отношении обращения с "
            "заключенными (Правила Нельсона Манделы); c) отменить уголовную ответственность за "
            "хранение наркотиков для личного употребления; d) вовлекать людей, употребляющих "
            "наркотики, в разработку и оценку услуг.",
        ],
    },
    {
        "name": "ccpcj-2024-ngo-15.zh", "formats": ["docx"], "lang": "zh",
        "symbol": "E/CN.15/2024/NGO/15", "job": "V.24-02117 (C)",
        "masthead_left": ["联合国", "经济及社会理事会"],
        "masthead_right": ["E/CN.15/2024/NGO/15", "Distr.: General", "26 February 2024", "",
                           "Original: Chinese"],
        "meeting": ["预防犯罪和刑事司法委员会", "第三十三届会议", "2024年5月13日至17日，维也纳",
                    "临时议程*项目5", "世界犯罪趋势和新出现的问题以及预防犯罪和刑事司法对策"],
        "submitted": "具有经济及社会理事会特别咨商地位的非政府组织中国生物多样性保护与绿色发展基金会"
                     "提交的声明**",
        "circulated": "秘书长收到下述声明，现根据经济及社会理事会第1996/31号决议第36和37段予以分发。",
        "footnotes": ["* E/CN.15/2024/1。", "** 本声明未经正式编辑。"],
        "title": "打击野生动植物非法贸易：加强执法与国际合作",
        "paragraphs": [
            "1. 中国生物多样性保护与绿色发展基金会成立于1985年，长期致力于野生动植物保护和推动公众参与"
            "打击相关违法犯罪。我们欢迎委员会持续关注影响环境的犯罪，并愿就野生动植物非法贸易问题分享"
            "我们的经验。",
            "2. 根据联合国毒品和犯罪问题办公室2020年发布的《世界野生动植物犯罪报告》，1999年至2018年间，"
            "149个国家和地区报告了约18万起查获案件，涉及约6,000个物种。穿山甲鳞片、象牙和犀牛角仍然是"
            "价值最高的非法贸易商品之一。野生动植物贩运往往由跨国有组织犯罪集团操纵，与洗钱、伪造文件"
            "和腐败相互交织。",
            "3. 近年来，非法交易日益转向网络平台和物流渠道。我们的志愿者在2022年和2023年的监测中发现，"
            "大量非法野生动物制品通过社交媒体和即时通讯群组以隐语进行交易，再以快递方式寄送。",
            "4. 《濒危野生动植物种国际贸易公约》为合法贸易建立了许可证制度，而《联合国打击跨国有组织犯罪"
            "公约》可以为调查和起诉野生动植物犯罪提供国际合作的法律基础，前提是各国将此类行为规定为可"
            "处以四年以上监禁的严重犯罪。大会第75/311号决议也呼吁各国这样做。",
            "5. 我们建议会员国：(a) 将有组织犯罪集团参与的野生动植物非法贸易规定为严重犯罪；(b) 加强海关、"
            "警察、林业和金融情报部门之间的协作，追查非法资金流动；(c) 要求电子商务和物流企业建立发现"
            "和报告可疑交易的机制；(d) 支持社区参与保护，为一线巡护人员提供保障。",
        ],
    },
    {
        "name": "cop-2018-crp-5.es", "formats": ["docx"], "lang": "es",
        "symbol": "CTOC/COP/2018/CRP.5", "job": "V.18-06873 (S)",
        "masthead_left": ["Naciones Unidas",
                          "Conferencia de las Partes en la Convención de las Naciones Unidas contra "
                          "la Delincuencia Organizada Transnacional"],
        "masthead_right": ["CTOC/COP/2018/CRP.5", "Distr. limitada", "10 de octubre de 2018",
                           "Español solamente"],
        "meeting": ["Noveno período de sesiones", "Viena, 15 a 19 de octubre de 2018", "Tema 4 del programa",
                    "Documento de sesión"],
        "submitted": "Documento de sesión presentado por el Instituto Centroamericano de Estudios para "
                     "la Seguridad, en nombre de doce organizaciones de la sociedad civil de la región*",
        "circulated": "La Secretaría ha recibido el siguiente documento de sesión, que se distribuye en "
                      "el idioma en que fue presentado.",
        "footnotes": ["* El presente documento se publica sin revisión editorial."],
        "title": "Armas de fuego y tráfico ilícito de migrantes en Centroamérica: contribuciones de la "
                 "sociedad civil",
        "paragraphs": [
            "1. El presente documento recoge las contribuciones de doce organizaciones de la sociedad "
            "civil de Guatemala, El Salvador, Honduras, Nicaragua, Costa Rica y Panamá, reunidas en "
            "San Salvador los días 6 y 7 de septiembre de 2018, con miras al noveno período de "
            "sesiones de la Conferencia de las Partes.",
            "2. Armas de fuego. Las organizaciones señalan que entre el 70 % y el 80 % de los "
            "homicidios en el norte de Centroamérica se cometen con armas de fuego. Gran parte de esas "
            "armas procede del desvío de arsenales estatales, de compras legales en el extranjero "
            "realizadas por intermediarios y de los excedentes de los conflictos armados de los años "
            "ochenta. El Protocolo contra la Fabricación y el Tráfico Ilícitos de Armas de Fuego, Sus "
            "Piezas y Componentes y Municiones exige marcar las armas en el momento de su fabricación "
            "y de su importación (artículo 8) y conservar registros durante al menos diez años "
            "(artículo 7); varios Estados de la región aún no cuentan con un registro electrónico "
            "centralizado.",
            "3. Las organizaciones recomiendan: a) auditar los arsenales de la policía y de las fuerzas "
            "armadas y destruir las armas excedentes; b) tipificar la fabricación ilícita a partir de "
            "piezas y componentes; c) intercambiar información de rastreo con los países de origen de "
            "las armas.",
            "4. Tráfico ilícito de migrantes. En 2018 aumentó el número de personas que viajan hacia el "
            "norte con ayuda de \u00abcoyotes\u00bb, que cobran entre 5.000 y 12.000 dólares por persona. "
            "Las redes de tráfico se vinculan cada vez más con grupos de la delincuencia organizada que "
            "controlan las rutas, cobran \u00abpeajes\u00bb y secuestran a migrantes para exigir rescate a "
            "sus familias.",
            "5. Niños, niñas y adolescentes no acompañados. Más de 50.000 niños no acompañados "
            "procedentes de la región fueron detenidos en la frontera meridional de los Estados Unidos "
            "de América durante el ejercicio fiscal 2018. Son especialmente vulnerables al abuso y a la "
            "explotación. Las organizaciones piden que se les designe un tutor desde el primer "
            "contacto, que no se les prive de libertad y que se dé prioridad a su interés superior.",
            "6. Por último, las organizaciones recomiendan: a) no someter a enjuiciamiento penal a los "
            "migrantes por el hecho de haber sido objeto de tráfico (artículo 5 del Protocolo contra el "
            "Tráfico Ilícito de Migrantes por Tierra, Mar y Aire); b) investigar el patrimonio de las "
            "redes de traficantes; c) garantizar el acceso a la asistencia humanitaria sin que las "
            "organizaciones que la prestan sean perseguidas.",
        ],
    },
]


if __name__ == "__main__":
    sys.exit(main())
