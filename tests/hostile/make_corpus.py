"""Write the hostile corpus: data files and templates an attacker (or a broken disk) sends.

    python tests/hostile/make_corpus.py DIR

Writes ``DIR/data/*.yaml`` (for ``docgen render notice`` / ``check``) and
``DIR/templates/*.docx`` (for ``render --templates``, ``templates check`` and
``templates normalize``), plus ``DIR/render-only/*.docx``: well-formed templates whose
Jinja is hostile (endless loops, huge output), and ``DIR/scans/*.pdf`` for ``archive add``
(pages no scanner makes). :func:`output_traps` lists output folders prepared against
docgen (links leading out, folders and foreign files in the way). tests/test_hostile.py
runs each one: exit 1, one message, no traceback, within a time bound, the output folder
untouched. The files are generated (some are megabytes) rather than committed.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "inputs" / "session-34.yaml"
TEMPLATE = ROOT / "templates_ru" / "notice.docx"


def _sample() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def _with(field: str, value: str) -> str:
    """The sample with the top-level ``field:`` line replaced (first occurrence)."""
    lines = _sample().splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"{field}:"):
            lines[i] = f"{field}: {value}"
            return "\n".join(lines) + "\n"
    raise KeyError(field)


def _nested(field: str, value: str) -> str:
    """The sample with an indented ``field:`` line (first occurrence) replaced."""
    lines = _sample().splitlines()
    for i, line in enumerate(lines):
        if line.strip().startswith(f"{field}:"):
            indent = line[: len(line) - len(line.lstrip())]
            lines[i] = f"{indent}{field}: {value}"
            return "\n".join(lines) + "\n"
    raise KeyError(field)


def _block(field: str, value: str) -> str:
    """The sample with the top-level ``field`` (its line and the indented lines under it)
    replaced by ``field: value``."""
    lines = _sample().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    return "\n".join([*lines[:start], f"{field}: {value}", *lines[end:]]) + "\n"


def _alias_bomb(levels: int, width: int) -> str:
    lines = ["a0: &a0 [lol]"]
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * width)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n" + _sample()


def data_files() -> dict[str, bytes]:
    """Hostile data files by name."""
    text: dict[str, str] = {
        "alias-bomb-9x9.yaml": _alias_bomb(9, 9),
        "alias-bomb-20x2.yaml": _alias_bomb(25, 2),
        "alias-bomb-in-place.yaml": _alias_bomb(9, 9).split(_sample())[0]
        + _block("place", "*a8"),
        "alias-recursive-seq.yaml": "loop: &x [*x]\n" + _sample(),
        "alias-recursive-map.yaml": "loop: &x {self: *x}\n" + _sample(),
        "alias-recursive-agenda.yaml": _block("agenda", "&ag [{title: {ru: a, kk: b}}, *ag]"),
        "alias-undefined.yaml": _block("place", "*nowhere"),
        "nesting-flow-10000.yaml": "x: " + "[" * 10000 + "]" * 10000 + "\n" + _sample(),
        "nesting-flow-unclosed.yaml": "x: " + "[" * 50000 + "\n",
        "nesting-block-200.yaml": "".join("  " * i + f"k{i}:\n" for i in range(200))
        + "  " * 200 + "v\n",
        "nesting-map-flow-5000.yaml": "x: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n",
        "many-values.yaml": _sample() + "extra:\n" + "".join(f"  - {i}\n" for i in range(120000)),
        "too-large-6mb.yaml": _sample() + "# " + "x" * (6 * 1024 * 1024) + "\n",
        "too-large-one-string.yaml": _block("place", '"' + "я" * (3 * 1024 * 1024) + '"'),
        "tag-python-apply.yaml": _block("place", '!!python/object/apply:os.system ["true"]'),
        "tag-python-name.yaml": _block("place", "!!python/name:os.system"),
        "tag-binary.yaml": _block("place", "!!binary aGVsbG8="),
        "tag-custom.yaml": _block("place", "!evil {ru: a, kk: b}"),
        "tag-set.yaml": _block("place", "!!set {a, b}"),
        "tag-omap.yaml": _block("place", "!!omap [{ru: a}, {kk: b}]"),
        "tag-directive.yaml": "%TAG !e! tag:example.com,2000:\n---\n"
        + _block("place", "!e!evil {ru: a, kk: b}"),
        "yaml-1-1-directive.yaml": "%YAML 1.1\n---\n" + _sample(),
        "merge-key.yaml": "base: &b {ru: a, kk: b}\n" + _block("place", "{<<: *b}"),
        "duplicate-key.yaml": _sample() + "number: 35\n",
        "two-documents.yaml": _sample() + "---\n" + _sample(),
        "key-is-a-list.yaml": "[a, b]: c\n" + _sample(),
        "key-is-a-map.yaml": "{a: b}: c\n" + _sample(),
        "key-is-null.yaml": "~: c\n" + _sample(),
        "members-yes.yaml": _with("members_total", "yes"),
        "members-true.yaml": _with("members_total", "true"),
        "members-huge.yaml": _with("members_total", "9" * 400),
        "members-float-huge.yaml": _with("members_total", "1e400"),
        "members-nan.yaml": _with("members_total", ".nan"),
        "members-inf.yaml": _with("members_total", ".inf"),
        "members-negative.yaml": _with("members_total", "-385"),
        "number-roman-overflow.yaml": _with("number", "4000"),
        "number-huge.yaml": _with("number", "9223372036854775808"),
        "notice-number-sqlite-overflow.yaml": _nested("notice_number", "9223372036854775808"),
        "notice-number-spaces.yaml": _nested("notice_number", '"   "'),
        "date-year-0.yaml": _with("date", "0000-01-01"),
        "date-year-9999.yaml": _with("date", "9999-12-31"),
        "date-year-1800.yaml": _with("date", "1800-04-27"),
        "date-feb-30.yaml": _with("date", "2026-02-30"),
        "name-only-spaces.yaml": _sample().replace(
            "secretary:\n  name:", 'secretary:\n  name: "   "\n  old_name:', 1),
        "escape-nul.yaml": _block("place", '{ru: "a\\0b", kk: b}'),
        "escape-bell.yaml": _block("place", '{ru: "a\\u0007b", kk: b}'),
        "escape-surrogate.yaml": _block("place", '{ru: "a\\uD800b", kk: b}'),
        "empty-comments-only.yaml": "# nothing here\n# at all\n",
        "only-a-scalar.yaml": "just text\n",
        "only-a-list.yaml": "- a\n- b\n",
        "time-with-a-dot.yaml": _with("time", "10.00"),
        "time-a-number.yaml": _with("time", "10"),
        "misspelt-place.yaml": _sample().replace("\nplace:", "\nplase:", 1),
        "speaker-name-blank.yaml": _sample().replace(
            '- name: {ru: "Кульмагамбетов Ерлан Маратович"', '- name: {ru: "  "', 1),
        "speaker-name-a-list.yaml": _sample().replace(
            '- name: {ru: "Кульмагамбетов Ерлан Маратович", kk: "Құлмағамбетов Ерлан '
            'Маратұлы"}', "- name: [a, b]", 1),
    }
    files = {name: value.encode("utf-8") for name, value in text.items()}
    files.update({
        "empty.yaml": b"",
        "bom-only.yaml": b"\xef\xbb\xbf",
        "latin1.yaml": _sample().replace("Дворец", "Caf\u00e9").encode("utf-8").replace(
            "Caf\u00e9".encode(), b"Caf\xe9"),
        "utf16.yaml": _sample().encode("utf-16"),
        "raw-nul.yaml": _sample().replace("Дворец", "Дво\x00рец").encode("utf-8"),
        "raw-escape-char.yaml": _sample().replace("Дворец", "Дво\x1brец").encode("utf-8"),
        "raw-c1-control.yaml": _sample().replace("Дворец", "Дво\x9bрец").encode("utf-8"),
        "binary-png.yaml": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        "a-zip.yaml": TEMPLATE.read_bytes()[:4096],
        "word-document.docx": TEMPLATE.read_bytes(),
        "word-97.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024),
        "a-pdf.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    })
    return files


# --- templates ------------------------------------------------------------------------

def _members() -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(TEMPLATE) as zf:
        return [(info, zf.read(info)) for info in zf.infolist()]


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buffer.getvalue()


def _plain() -> list[tuple[str, bytes]]:
    return [(info.filename, data) for info, data in _members()]


def _without(name: str) -> bytes:
    return _zip([(n, d) for n, d in _plain() if n != name])


def _replace(name: str, data: bytes) -> list[tuple[str, bytes]]:
    return [(n, data if n == name else d) for n, d in _plain()]


def _document() -> str:
    return dict(_plain())["word/document.xml"].decode("utf-8")


def _with_body(jinja: str) -> bytes:
    """The notice template with ``jinja`` as the text of an extra first paragraph."""
    xml = _document()
    start = xml.index("<w:body>") + len("<w:body>")
    para = f"<w:p><w:r><w:t>{jinja}</w:t></w:r></w:p>"
    return _zip(_replace("word/document.xml", (xml[:start] + para + xml[start:]).encode()))


def _patch_header(blob: bytes, offset_field: int, value: int, fmt: str = "<H") -> bytes:
    """Patch a field of every local and central header of a zip (by offset from the
    signature): e.g. the flags (6 / 8) or the compression method (8 / 10)."""
    data = bytearray(blob)
    for signature, delta in ((b"PK\x03\x04", 0), (b"PK\x01\x02", 2)):
        start = 0
        while (found := data.find(signature, start)) != -1:
            struct.pack_into(fmt, data, found + offset_field + delta, value)
            start = found + 4
    return bytes(data)


def _zip_bomb() -> bytes:
    """document.xml that unpacks to 300 MB of spaces (a few hundred KB packed)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b" " * (1024 * 1024)
    packed = b"".join(compressor.compress(chunk) for _ in range(300)) + compressor.flush()
    entries = [(n, d) for n, d in _plain() if n != "word/document.xml"]
    blob = _zip([*entries, ("word/document.xml", b"<w:document/>")])
    return _splice(blob, "word/document.xml", packed, 300 * 1024 * 1024,
                   zlib.crc32(b" " * 0))


def _splice(blob: bytes, name: str, packed: bytes, size: int, crc: int) -> bytes:
    """Rebuild a zip with member ``name``'s deflated data replaced (sizes as given)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src:
        infos = src.infolist()
        datas = {i.filename: src.read(i) for i in infos}
    central = []
    for info in infos:
        fname = info.filename.encode()
        if info.filename == name:
            body, usize, ucrc = packed, size, crc
        else:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            body = c.compress(datas[info.filename]) + c.flush()
            usize, ucrc = len(datas[info.filename]), zlib.crc32(datas[info.filename])
        offset = out.tell()
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, ucrc,
                              len(body), usize, len(fname), 0) + fname + body)
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0,
                                   0x21, ucrc, len(body), usize, len(fname), 0, 0, 0, 0, 0,
                                   offset) + fname)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(central), len(central),
                          len(directory), start, 0))
    return out.getvalue()


def template_files() -> dict[str, bytes]:
    """Broken .docx packages by name (each refused by render, check and normalize)."""
    good = _zip(_plain())
    dup = io.BytesIO()
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(dup, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in _plain():
                zf.writestr(name, data)
            zf.writestr("word/document.xml", b"<w:document/>")
    crc_broken = bytearray(_zip(_replace("word/document.xml", _document().encode())))
    position = crc_broken.find(b"word/document.xml") + len("word/document.xml") + 40
    crc_broken[position] ^= 0xFF
    doc = _document().encode()
    lying = _splice(good, "word/document.xml", zlib.compress(doc)[2:-4], len(doc) * 4,
                    zlib.crc32(doc * 4))
    return {
        "not-a-zip.docx": b"This is not a Word document at all.\n",
        "empty.docx": b"",
        "truncated.docx": good[: len(good) // 2],
        "no-content-types.docx": _without("[Content_Types].xml"),
        "no-document.docx": _without("word/document.xml"),
        "no-rels.docx": _without("_rels/.rels"),
        "duplicate-member.docx": dup.getvalue(),
        "encrypted-flag.docx": _patch_header(good, 6, 1),
        "compression-bzip2.docx": _patch_header(good, 8, 12),
        "compression-unknown-99.docx": _patch_header(good, 8, 99),
        "xml-utf16.docx": _zip(_replace("word/document.xml", _document().encode("utf-16"))),
        "xml-latin1.docx": _zip(_replace("word/document.xml", _document().replace(
            "</w:body>", "<w:p><w:r><w:t>Caf\u00e9</w:t></w:r></w:p></w:body>").encode(
            "latin-1", errors="replace"))),
        "xml-entity-bomb.docx": _zip(_replace("word/document.xml", (
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
            + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                      for i in range(9))
            + ']><w:document xmlns:w="x">&j;</w:document>').encode())),
        "zip-bomb.docx": _zip_bomb(),
        "size-lie.docx": lying,
        "crc-damaged.docx": bytes(crc_broken),
        "xml-truncated.docx": _zip(_replace("word/document.xml",
                                            _document()[: len(_document()) // 2].encode())),
        "xml-mismatched-tag.docx": _zip(_replace("word/document.xml", _document().replace(
            "<w:body>", "<w:body><w:p>", 1).encode())),
        "xml-broken-footer.docx": _zip(_replace("word/footer1.xml", b"<w:ftr><w:p>")),
    }


def render_only_files() -> dict[str, bytes]:
    """Well-formed templates whose Jinja would run for ever or print without end."""
    return {
        "loop-silent.docx": _with_body(
            "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"),
        "loop-printing.docx": _with_body(
            "{% for i in range(99999) %}{% for j in range(99999) %}x{% endfor %}{% endfor %}"),
        "string-bomb.docx": _with_body("{{ 'x' * 1000000000 }}"),
        "power-bomb.docx": _with_body("{{ 9 ** 999999 }}"),
        "sandbox-escape.docx": _with_body("{{ ''.__class__.__mro__[1].__subclasses__() }}"),
        "undefined-field.docx": _with_body("{{ no_such_field.deeper }}"),
        "syntax-error.docx": _with_body("{% for x in %}"),
        "include-file.docx": _with_body("{% include '/etc/passwd' %}"),
        "divide-by-zero.docx": _with_body("{{ 1/0 }}"),
        "range-huge.docx": _with_body("{% for i in range(10**12) %}{% endfor %}"),
        "macro-recursive.docx": _with_body(
            "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}"),
        "format-width.docx": _with_body("{{ '%0999999999d'|format(1) }}"),
        "percent-width.docx": _with_body("{{ '%0999999999d' % 1 }}"),
        "str-format-width.docx": _with_body("{{ '{:0999999999}'.format(1) }}"),
        "center-method.docx": _with_body("{{ 'x'.center(999999999) }}"),
        "center-filter.docx": _with_body("{{ 'x'|center(999999999) }}"),
        "indent-filter.docx": _with_body("{{ 'a\nb'|indent(999999999) }}"),
        "lipsum-huge.docx": _with_body("{{ lipsum(100000000) }}"),
        "doubling-string.docx": _with_body(
            "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"),
        "doubling-list.docx": _with_body(
            "{% set ns = namespace(s=[1]) %}{% for i in range(40) %}"
            "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s|length }}"),
        "attribute-of-none.docx": _with_body("{{ (none).x.y }}"),
    }


def _pdf_page(width: float, height: float) -> bytes:
    """A one-page PDF of ``width`` × ``height`` points holding one grey picture over the
    page and nothing else (no text, no metadata): what a scan looks like to docgen."""
    draw = f"q {width} 0 0 {height} 0 0 cm /Im0 Do Q".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        f"<</Type/Page/Parent 2 0 R/MediaBox[0 0 {width} {height}]"
        "/Resources<</XObject<</Im0 4 0 R>>>>/Contents 5 0 R>>".encode(),
        b"<</Type/XObject/Subtype/Image/Width 1/Height 1/ColorSpace/DeviceGray"
        b"/BitsPerComponent 8/Length 1>>stream\n\x80\nendstream",
        b"<</Length %d>>stream\n" % len(draw) + draw + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, start)
    return bytes(out)


def scan_files() -> dict[str, bytes]:
    """PDFs given to ``archive add`` as scans that no scanner makes."""
    return {
        "giant-page-14400pt.pdf": _pdf_page(14400, 14400),
        "long-strip-page.pdf": _pdf_page(100, 14400),
        "zero-size-page.pdf": _pdf_page(0, 0),
    }


def _folder_holding_a_file(path: Path, outside: Path) -> Path:
    path.mkdir(parents=True)
    (path / "my-notes.txt").write_text("a secretary's own file\n", encoding="utf-8")
    return path


def _link_to(target: Path) -> Callable[[Path, Path], Path]:
    def plant(path: Path, outside: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(outside / target, target_is_directory=not target.suffix)
        return path
    return plant


def _foreign_file(path: Path, outside: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"a letter the secretary wrote herself\n")
    return path


def output_traps() -> dict[str, tuple[str, str, Callable[[Path, Path], Path]]]:
    """Output folders an attacker (or an unlucky user) prepared, by name: the command (a
    ``render notice`` of session-34 or a ``batch notices`` of batch-session-34, for Abai),
    the path below OUT where the trap sits, and how to plant it there (given the path and
    a folder outside OUT); it returns the path the refusal must name. Each ends in exit 1,
    OUT and the outside folder exactly as they were."""
    batch = "batch-session-34"
    return {
        "paper-is-a-folder": ("render", "session-34/notice_kk.docx", _folder_holding_a_file),
        "paper-is-a-link-outside": ("render", "session-34/notice_ru.docx",
                                    _link_to(Path("precious.txt"))),
        "paper-is-a-foreign-file": ("render", "session-34/notice_ru.docx", _foreign_file),
        "run-folder-is-a-link": ("render", "session-34", _link_to(Path("."))),
        "regions-is-a-link": ("batch", f"{batch}/regions", _link_to(Path("."))),
        "region-is-a-link": ("batch", f"{batch}/regions/abai", _link_to(Path("."))),
        "region-is-a-file": ("batch", f"{batch}/regions/abai", _foreign_file),
        "manifest-is-a-link": ("batch", f"{batch}/manifest.json",
                               _link_to(Path("precious.txt"))),
        "manifest-is-a-folder": ("batch", f"{batch}/manifest.json", _folder_holding_a_file),
        "batch-notice-is-a-link": ("batch", f"{batch}/regions/abai/notice_kk.docx",
                                   _link_to(Path("precious.txt"))),
    }


def write(target: Path) -> int:
    """Write the corpus under ``target``; returns the number of files."""
    count = 0
    for folder, files in (("data", data_files()), ("templates", template_files()),
                          ("render-only", render_only_files()), ("scans", scan_files())):
        (target / folder).mkdir(parents=True, exist_ok=True)
        for name, blob in files.items():
            (target / folder / name).write_bytes(blob)
            count += 1
    return count


if __name__ == "__main__":
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("hostile-corpus")))
