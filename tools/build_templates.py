"""Build the Word templates from their readable sources.

``templates_src/<lang>/<kind>.txt`` → ``templates_<lang>/<kind>.docx``. The sources are
what reviewers read in a diff; the .docx files are what secretaries open in Word.

Source format: one paragraph per line, ``style| text``. Styles:
  head      centred bold letterhead line        rule     a line under the letterhead
  title     centred bold title, space before    center   centred text
  subtitle  centred bold, no space before       right    right-aligned text
  body      first-line indent, flush left       left     left-aligned text
  item      left-aligned, no indent             blank    an empty line
  cols      two columns: ``cols| left || right`` (date and number, signature block)
  ctl       a Jinja control paragraph (``{%p if … %}``), removed when rendering
  grid      a row of a bordered table: ``grid| № || Name || Position || Signature``;
            consecutive grid lines make one table (widths: ``gridw| 1.2 || 6 || …`` cm,
            the table's grid; ``gridpt| 12`` sets the size of its text in points;
            ``gridh| 0.8`` makes the rows that follow at least 0.8 cm high, ``gridh| 0``
            lets them fit their text again — room for a handwritten signature);
  page      ``page| landscape``: the template's page is A4 landscape (a wide table)
            a row with one cell holding ``{%tr … %}`` is a row-level Jinja tag
  note      small left-aligned text (executor and phone, distribution list)
  annex     right-aligned, starting a new page (an annex: "Приложение к протоколу …")
  to        the addressee: a left-aligned block in the right half of the page (indented,
            so its lines share one left edge)
A ``+`` after a style (``item+|``) keeps the paragraph on the page of the next one and its
lines together (a label with its list in one paragraph, rows after ``{{ "\\n" }}``), for a
label that comes from a field; lines ending in ":" and headings keep with the next anyway.
Every template gets the same requisites around the text: the page number centred at the top
from page 2 on (a Word PAGE field) and the document id small in the footer of every page.
``**bold**`` marks bold text. Lines starting with ``;;`` are comments. ``include| NAME``
stands for the lines of ``templates_src/<lang>/parts/NAME``: a piece several templates share
(an agenda item as the minutes record it, in the minutes and in an extract), written once.
Run: ``python tools/build_templates.py`` (``--check`` fails if a .docx is out of date).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from docgen.rendering.engine import normalize_docx  # noqa: E402

FONT = "Times New Roman"
SIZE = Pt(14)
NOTE_SIZE = Pt(10)
ADDRESSEE_INDENT = Cm(8.25)
"""The addressee block starts in the middle of the 16.5 cm text width."""
FOOTER_ID = "{{ doc.id }}"
"""What the footer prints on every page: the document id (also in the file's metadata), so
that a paper copy can be traced to its journal record. The one place it is defined."""
FOOTER_ID_SIZE = Pt(8)


def _runs(paragraph, text: str) -> None:
    for i, chunk in enumerate(text.split("**")):
        if chunk:
            run = paragraph.add_run(chunk)
            run.bold = True if i % 2 else None


def _fmt(paragraph, align=None, indent=None, before=0, bold=False) -> None:
    pf = paragraph.paragraph_format
    if align is not None:
        paragraph.alignment = align
    if indent is not None:
        pf.first_line_indent = indent
    pf.space_before = Pt(before)
    pf.space_after = Pt(0)
    if bold:
        for run in paragraph.runs:
            run.bold = True


def _bottom_border(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "1"), ("color", "auto")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    ppr.append(borders)


def _no_borders(table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tblpr.append(margins)


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (``PAGE``) as Word writes it, so that it updates when the text moves."""
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None),
                       (None, shown), ("end", None)):
        run = paragraph.add_run()
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text is not None and text.startswith(" "):
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


DRAFT_MARK = "{% if doc.draft is defined %}{{ doc.draft }}{% endif %}"
"""A draft's mark («ПРОЕКТ» / «ЖОБА», render --draft) at the top of every page; nothing
otherwise. The one place it is defined."""


def page_number_header(section) -> None:
    """The page number centred at the top from page 2 on; page 1 has none (its own header).
    A draft's mark stands at the top of every page: alone on page 1, after the number."""
    section.different_first_page_header_footer = True
    para = section.header.paragraphs[0]
    _fmt(para, WD_ALIGN_PARAGRAPH.CENTER)
    _field(para, "PAGE", "2")
    para.add_run(DRAFT_MARK.replace("{{ doc.draft }}", "   {{ doc.draft }}")).bold = True
    first = section.first_page_header.paragraphs[0]
    _fmt(first, WD_ALIGN_PARAGRAPH.CENTER)
    first.add_run(DRAFT_MARK).bold = True


def document_id_footer(section) -> None:
    """The document id, small, at the foot of every page (first and following)."""
    for footer in (section.first_page_footer, section.footer):
        para = footer.paragraphs[0]
        _fmt(para, WD_ALIGN_PARAGRAPH.LEFT)
        run = para.add_run(FOOTER_ID)
        run.font.size = FOOTER_ID_SIZE


def _setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = SIZE
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), FONT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.0
    page_number_header(section)
    document_id_footer(section)
    props = doc.core_properties
    props.author = "docgen"
    props.title = ""
    props.comments = ""
    props.revision = 1
    props.last_modified_by = "docgen"
    import datetime as dt

    fixed = dt.datetime(2026, 1, 1)
    props.created = fixed
    props.modified = fixed


def _is_signature(style: str, text: str) -> bool:
    """A ``cols`` line in bold on both sides: a signature block (label || name)."""
    left, _, right = text.partition("||")
    return style == "cols" and left.strip().startswith("**") and right.strip().startswith("**")


def keep_together(made: list[tuple[str, str, list]]) -> None:
    """Keep-with-next where a page must not break: after headings and "…:" labels, inside a
    vote table, and from the last line of text through a signature block, so that no heading
    ends a page and no signature stands alone on one."""
    def keep(paragraphs: list) -> None:
        for para in paragraphs:
            para.paragraph_format.keep_with_next = True

    for i, (style, text, paragraphs) in enumerate(made):
        label = text.replace("*", "").rstrip()
        # "**СЛУШАЛИ:**{% for … %}" may print the label alone: it keeps with its text too
        opens_with_label = text.startswith("**") and text[2:].split("**")[0].endswith(":")
        if style in ("head", "title", "subtitle") or label.endswith(":") or opens_with_label:
            keep(paragraphs)
        elif style == "cols" and not _is_signature(style, text) and "{{ v." in text:
            keep(paragraphs)  # a vote row stays with the rows after it and the outcome
        if not _is_signature(style, text):
            continue
        j = i - 1
        while j >= 0 and made[j][0] in ("blank", "ctl", "left"):  # blanks, loops, 'under'
            keep(made[j][2])
            j -= 1
        if j >= 0:
            keep(made[j][2])  # the last line of text stays with the signature
        keep(paragraphs)  # and a signature with the one after it (chair, then secretary)
        j = i + 1
        while j < len(made) and made[j][0] in ("blank", "ctl", "left"):
            keep(made[j][2])
            j += 1


def _grid_row(doc, table, cells: list[str], widths: list, size=None, height=None):
    """Add a row to the bordered table ``table`` (a new table when None); return the table."""
    if table is None:
        table = doc.add_table(rows=0, cols=len(widths))
        table.style = doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width  # the table grid: what Word and LibreOffice lay out by
    row = table.add_row()
    if height is not None:  # at least this high (a signature by hand), more if the text needs
        row.height, row.height_rule = height, WD_ROW_HEIGHT_RULE.AT_LEAST
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # one person, one page
    for i, cell in enumerate(row.cells):
        cell.width = widths[i]
        value = cells[i] if i < len(cells) else ""
        para = cell.paragraphs[0]
        _runs(para, value)
        _fmt(para, WD_ALIGN_PARAGRAPH.LEFT)
        if size is not None:  # a long list: a smaller size than the text (``gridpt| 12``)
            for run in para.runs:
                run.font.size = size
            mark = OxmlElement("w:rPr")  # an empty cell's line is as high as its mark
            half_points = OxmlElement("w:sz")
            half_points.set(qn("w:val"), str(round(size.pt * 2)))
            mark.append(half_points)
            para._p.get_or_add_pPr().append(mark)
    return table


def _lines(source: Path) -> Iterator[tuple[str, str]]:
    """``(where, line)`` of every line of ``source``, an ``include| NAME`` replaced by the
    lines of ``parts/NAME`` beside it (a shared piece; pieces may include pieces)."""
    parts = source.parent if source.parent.name == "parts" else source.parent / "parts"
    for lineno, raw in enumerate(source.read_text("utf-8").splitlines(), start=1):
        style, sep, name = raw.partition("|")
        if sep and style.strip() == "include":
            piece = parts / name.strip()
            if not piece.is_file():
                raise SystemExit(f"{source}:{lineno}: no shared piece {piece}")
            yield from _lines(piece)
        else:
            yield f"{source}:{lineno}", raw


def build(source: Path, lang: str) -> bytes:
    """The .docx bytes of one template source."""
    doc = Document()
    _setup(doc)
    doc.core_properties.language = "ru-RU" if lang == "ru" else "kk-KZ"
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    made: list[tuple[str, str, list]] = []  # (style, text, its paragraphs)
    grid = None
    widths: list = []
    grid_size = None
    grid_height = None
    for where, raw in _lines(source):
        if not raw.strip() or raw.startswith(";;"):
            continue
        style, sep, text = raw.partition("|")
        if not sep:
            raise SystemExit(f"{where}: expected 'style| text'")
        style, text = style.strip(), text.strip()
        keep_next = style.endswith("+")  # "item+| {{ label }}": a label the builder cannot see
        style = style.rstrip("+")
        if style == "gridw":
            widths = [Cm(float(w)) for w in text.split("||")]
            continue
        if style == "page":  # "page| landscape": a wide table (the register)
            if text == "landscape":
                section = doc.sections[0]
                section.orientation = WD_ORIENT.LANDSCAPE
                section.page_width, section.page_height = Cm(29.7), Cm(21)
            continue
        if style == "gridpt":
            grid_size = Pt(float(text))
            continue
        if style == "gridh":
            grid_height = Cm(float(text)) if float(text) else None
            continue
        if style == "grid":
            grid = _grid_row(doc, grid, [c.strip() for c in text.split("||")], widths,
                             grid_size, grid_height)
            continue
        grid = None
        if style == "cols":
            left, _, right = text.partition("||")
            table = doc.add_table(rows=1, cols=2)
            table.alignment = WD_TABLE_ALIGNMENT.LEFT
            table.autofit = False
            _no_borders(table)
            # Text width is 16.5 cm; the right column holds a full name on one line.
            widths = (Cm(7.5), Cm(9.0))
            for column, width in zip(table.columns, widths, strict=True):
                column.width = width
            for cell, value, align, width in (
                (table.rows[0].cells[0], left.strip(), None, widths[0]),
                (table.rows[0].cells[1], right.strip(), WD_ALIGN_PARAGRAPH.RIGHT, widths[1]),
            ):
                cell.width = width
                para = cell.paragraphs[0]
                _runs(para, value)
                _fmt(para, align=align)
            made.append((style, text, [c.paragraphs[0] for c in table.rows[0].cells]))
            continue
        para = doc.add_paragraph()
        _runs(para, text)
        made.append((style, text, [para]))
        if keep_next:
            para.paragraph_format.keep_with_next = True
            # a label with its list in one paragraph (line breaks): never split over pages
            para.paragraph_format.keep_together = True
        if style == "head":
            _fmt(para, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        elif style == "rule":
            _fmt(para)
            _bottom_border(para)
        elif style == "title":
            _fmt(para, WD_ALIGN_PARAGRAPH.CENTER, before=12, bold=True)
        elif style == "subtitle":
            _fmt(para, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        elif style == "center":
            _fmt(para, WD_ALIGN_PARAGRAPH.CENTER)
        elif style == "right":
            _fmt(para, WD_ALIGN_PARAGRAPH.RIGHT)
        elif style == "body":
            # Flush left: neither LibreOffice nor Word hyphenates Kazakh, and justified lines
            # of long words open gaps wider than three spaces (docs/conventions.md).
            _fmt(para, WD_ALIGN_PARAGRAPH.LEFT, indent=Cm(1.25))
        elif style == "item":  # labels and names: flush left, never stretched into gaps
            _fmt(para, WD_ALIGN_PARAGRAPH.LEFT)
        elif style == "note":
            _fmt(para, WD_ALIGN_PARAGRAPH.LEFT)
            for run in para.runs:
                run.font.size = NOTE_SIZE
        elif style == "to":
            _fmt(para, WD_ALIGN_PARAGRAPH.LEFT)
            para.paragraph_format.left_indent = ADDRESSEE_INDENT
        elif style == "annex":
            _fmt(para, WD_ALIGN_PARAGRAPH.RIGHT)
            para.paragraph_format.page_break_before = True
        elif style in ("left", "ctl", "blank"):
            _fmt(para, WD_ALIGN_PARAGRAPH.LEFT)
        else:
            raise SystemExit(f"{where}: unknown style '{style}'")
    keep_together(made)
    _lean(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalize_docx(buffer.getvalue())


def _lean(doc) -> None:
    """Keep only the styles the template uses; drop Word 2010's stylesWithEffects copy
    and the theme (see :func:`_explicit_default_fonts`).

    python-docx's blank document carries ~270 styles (350 KB) and a second copy of them
    (440 KB). LibreOffice imports every one for each document it converts: that was
    more than half of its time per notice, and the engine zipped them into each DOCX.
    """
    styles = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.iterchildren(qn("w:style"))}
    keep = {sid for sid, s in by_id.items() if s.get(qn("w:default")) == "1"}
    section = doc.sections[0]
    parts = [doc.element.body] + [part._element for part in (
        section.header, section.first_page_header, section.footer, section.first_page_footer)]
    for tag in ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyleLink"):
        keep.update(e.get(qn("w:val")) for part in parts for e in part.iter(qn(tag)))
    todo = list(keep)
    while todo:
        style = by_id.get(todo.pop())
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = style.find(qn(tag)) if style is not None else None
            if ref is not None and ref.get(qn("w:val")) not in keep:
                keep.add(ref.get(qn("w:val")))
                todo.append(ref.get(qn("w:val")))
    for sid, style in by_id.items():
        if sid not in keep:
            styles.remove(style)
    for latent in styles.findall(qn("w:latentStyles")):
        styles.remove(latent)
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/theme")):
            doc.part.drop_rel(rid)
    _explicit_default_fonts(styles)


def _explicit_default_fonts(styles) -> None:
    """Name Times New Roman in the document defaults instead of the theme's fonts.

    The theme part (word/theme/theme1.xml, optional in OOXML) is dropped in :func:`_lean`:
    LibreOffice spent ~20 ms importing it for every document it converted, as long as
    the rest of the notice. Nothing may then refer to it: the defaults named the theme's
    minor fonts (every paragraph style here names Times New Roman anyway).
    """
    defaults = styles.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    for attr in list(fonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del fonts.attrib[attr]
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), FONT)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for lang in ("ru", "kk"):
        for source in sorted((ROOT / "templates_src" / lang).glob("*.txt")):
            target = ROOT / f"templates_{lang}" / f"{source.stem}.docx"
            data = build(source, lang)
            if target.exists() and target.read_bytes() == data:
                continue
            if check:
                stale.append(str(target.relative_to(ROOT)))
            else:
                target.parent.mkdir(exist_ok=True)
                target.write_bytes(data)
                print(f"built {target.relative_to(ROOT)}")
    if stale:
        print("out of date (run: python tools/build_templates.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
