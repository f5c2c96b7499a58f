"""Tools for people who edit the Word templates: check, list fields, normalize.

Word splits what a secretary typed into several runs (spell-check, a change of
formatting, an edit in the middle of a word), turns straight quotes into curly ones,
and nothing stops a field from being renamed in one language only. :func:`check_templates`
finds these problems paragraph by paragraph; :func:`normalize_template` merges runs of
identical formatting so that tags are whole again, without changing the visible text.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2 import nodes
from lxml import etree

from docgen.errors import TemplateError, UsageError
from docgen.i18n import _
from docgen.papers.registry import load_builtin_kinds
from docgen.rendering.context import FIELDS
from docgen.rendering.engine import _patch, make_environment, write_atomic
from docgen.rendering.lang import LANGS
from docgen.rendering.package import read_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_CURLY = "“”‘’«»„"
_MARK = re.compile(r"<!--docgen-p:(\d+)-->")
_PARA_START = re.compile(r"<w:p([ >])")


def kind_fields() -> dict:
    """The documented fields of every built-in kind (each kind's module adds its own)."""
    load_builtin_kinds()
    return FIELDS


@dataclass(frozen=True)
class Finding:
    """One problem in one template, located by part and paragraph where possible."""

    template: str
    problem: str
    paragraph: int | None = None
    text: str = ""
    part: str = "document.xml"

    def __str__(self) -> str:
        where = ""
        if self.paragraph is not None:
            part = "" if self.part == "document.xml" else f"{self.part} "
            where = f" {part}paragraph {self.paragraph} \"{_short(self.text)}\""
        return f"{self.template}:{where}: {self.problem}" if where else \
            f"{self.template}: {self.problem}"


@dataclass
class CheckReport:
    """What ``check_templates`` found, and how many templates it read."""

    findings: list[Finding] = field(default_factory=list)
    templates: int = 0


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- reading the XML ---------------------------------------------------------------


def _read_parts(path: Path) -> list[tuple[str, bytes]]:
    """The checked members of a .docx (:func:`~docgen.rendering.package.read_docx`), every
    text part well-formed XML."""
    parts = read_docx(path)
    for name, data in parts:
        if _PARTS.match(name):
            try:
                etree.fromstring(data)
            except etree.XMLSyntaxError as exc:
                raise TemplateError(_("the part {name} is not well-formed XML ({msg}); open "
                                      "and save the template again in Word or LibreOffice").format(
                                        name=name, msg=exc.msg),
                                    template=path) from None
    return parts


def _own(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Descendants ``tag`` of paragraph ``el`` that belong to it (not to a nested paragraph)."""
    for node in el.iter(tag):
        parent = node.getparent()
        while parent is not None and parent.tag != f"{_W}p":
            parent = parent.getparent()
        if parent is el:
            yield node


def _paragraphs(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(f"{_W}p"))


def _texts(p: etree._Element) -> list[str]:
    return [t.text or "" for t in _own(p, f"{_W}t")]


def _visible(p: etree._Element) -> str:
    """What a reader sees of a paragraph: text, tabs and breaks."""
    out = []
    for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
        owner = node.getparent()
        while owner is not None and owner.tag != f"{_W}p":
            owner = owner.getparent()
        if owner is not p or node.getparent().tag != f"{_W}r":
            continue
        out.append(node.text or "" if node.tag == f"{_W}t" else
                   "\t" if node.tag == f"{_W}tab" else "\n")
    return "".join(out)


def _visible_text(parts: list[tuple[str, bytes]]) -> list[list[str]]:
    return [[_visible(p) for p in _paragraphs(etree.fromstring(data))]
            for name, data in parts if _PARTS.match(name)]


def split_tags(p: etree._Element) -> list[tuple[str, int]]:
    """Tags of paragraph ``p`` that no single ``<w:t>`` holds whole: (tag, pieces)."""
    pieces = _texts(p)
    text = "".join(pieces)
    bounds, pos = [], 0
    for piece in pieces:
        bounds.append((pos, pos + len(piece)))
        pos += len(piece)
    found = []
    for m in _TAG.finditer(text):
        touched = [i for i, (a, b) in enumerate(bounds) if a < m.end() and b > m.start()]
        if len(touched) > 1:
            found.append((m.group(0), len(touched)))
    return found


# --- the Jinja side -----------------------------------------------------------------


@dataclass
class Use:
    """A field, filter or test a template uses, with the paragraph it is in."""

    what: str
    name: str
    paragraph: int | None


class _Walker:
    """Walk a Jinja AST, resolving loop variables to the fields they iterate over."""

    def __init__(self, env: jinja2.Environment, para_of: dict[int, int]) -> None:
        self.env = env
        self.para_of = para_of
        self.uses: list[Use] = []

    def para(self, node: nodes.Node) -> int | None:
        return self.para_of.get(getattr(node, "lineno", 0) or 0)

    def path(self, node: nodes.Node, scope: dict[str, str | None]) -> str | None:
        """The dotted field of a Name/Getattr/Getitem chain, or None (local or computed)."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            return None if node.name in self.env.globals else node.name
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            base = self.path(node.node, scope) if isinstance(
                node.node, nodes.Name | nodes.Getattr | nodes.Getitem) else None
            if not isinstance(node.node, nodes.Name | nodes.Getattr | nodes.Getitem):
                self.visit(node.node, scope)
            if isinstance(node, nodes.Getattr):
                return f"{base}.{node.attr}" if base else None
            arg = node.arg
            if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
                return f"{base}.{arg.value}" if base else None
            if not isinstance(arg, nodes.Const):
                self.visit(arg, scope)
            return f"{base}[]" if base else None
        return None

    def body(self, items: list[nodes.Node], scope: dict[str, str | None]) -> None:
        for item in items:
            self.visit(item, scope)

    def bind(self, target: nodes.Node, value: str | None, scope: dict[str, str | None]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        else:
            for name in target.find_all(nodes.Name):
                scope[name.name] = None

    def visit(self, node: nodes.Node, scope: dict[str, str | None]) -> None:
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            if isinstance(node, nodes.Name) and node.ctx != "load":
                return
            found = self.path(node, scope)
            if found:
                self.uses.append(Use("field", found, self.para(node)))
            return
        if isinstance(node, nodes.For):
            self.visit(node.iter, scope)
            inner = dict(scope)
            source = self.path(node.iter, scope) if isinstance(
                node.iter, nodes.Name | nodes.Getattr | nodes.Getitem) else None
            self.bind(node.target, f"{source}[]" if source else None, inner)
            inner["loop"] = None
            if node.test is not None:
                self.visit(node.test, inner)
            self.body(node.body, inner)
            self.body(node.else_, scope)
            return
        if isinstance(node, nodes.Assign):
            self.visit(node.node, scope)
            value = self.path(node.node, scope) if isinstance(
                node.node, nodes.Name | nodes.Getattr | nodes.Getitem) else None
            self.bind(node.target, value, scope)
            return
        if isinstance(node, nodes.AssignBlock | nodes.Macro | nodes.CallBlock | nodes.With):
            inner = dict(scope)
            for target in node.find_all(nodes.Name):
                if target.ctx in ("store", "param"):
                    inner[target.name] = None
            for child in node.iter_child_nodes():
                if not (isinstance(child, nodes.Name) and child.ctx in ("store", "param")):
                    self.visit(child, inner)
            if isinstance(node, nodes.AssignBlock | nodes.Macro):
                self.bind(node.target if isinstance(node, nodes.AssignBlock)
                          else nodes.Name(node.name, "store"), None, scope)
            return
        if isinstance(node, nodes.Filter | nodes.Test) and node.name:
            kind = "filter" if isinstance(node, nodes.Filter) else "test"
            self.uses.append(Use(kind, node.name, self.para(node)))
        if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
            # a method call (x.items()): the field is x, not x.items
            base = node.node.node
            if isinstance(base, nodes.Name | nodes.Getattr | nodes.Getitem):
                self.visit(base, scope)
            for child in node.iter_child_nodes():
                if child is not node.node:
                    self.visit(child, scope)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)


def field_known(path: str, fields: dict[str, tuple[str, str]]) -> bool:
    """Whether ``path`` is a documented field, a part of one, or inside an opaque one."""
    if path in fields or any(k.startswith((path + ".", path + "[]")) for k in fields):
        return True
    current = path
    while True:
        cut = max(current.rfind("."), current.rfind("[]"))
        if cut <= 0:
            return False
        current = current[:cut]
        if current in fields:
            # a documented field without documented parts (e.g. a list of people)
            return not any(k.startswith((current + ".", current + "[]")) for k in fields
                           if k != current)


@dataclass
class Analysis:
    """What one template part uses, and the problems found in it."""

    uses: list[Use] = field(default_factory=list)
    findings: list[tuple[int | None, str]] = field(default_factory=list)
    parsed: bool = True


def analyse_part(xml: str, lang: str) -> Analysis:
    """Syntax, fields, filters, split tags and curly quotes of one XML part."""
    result = Analysis()
    root = etree.fromstring(xml.encode("utf-8"))
    for number, p in enumerate(_paragraphs(root), start=1):
        text = "".join(_texts(p))
        for tag, pieces in split_tags(p):
            result.findings.append((number, (
                _("the tag {tag} is split across {pieces} runs (Word formatting or "
                  "spell-check): select it, delete it and type it again in one go, or run "
                  "`docgen templates normalize`").format(tag=tag, pieces=pieces))))
        for m in _TAG.finditer(text):
            quotes = sorted({c for c in m.group(0) if c in _CURLY})
            if quotes:
                result.findings.append((number, (
                    _("curly quotes {quotes} in the tag {group}: retype them as "
                      "straight quotes ' or \" (turn off AutoCorrect's smart quotes)").format(
                        quotes=' '.join(quotes), group=m.group(0)))))
    counter = iter(range(1, 1_000_000))
    marked = _PARA_START.sub(lambda m: f"\n<!--docgen-p:{next(counter)}--><w:p{m.group(1)}", xml)
    source = _patch(marked)
    para_of: dict[int, int] = {}
    current: int | None = None
    for lineno, line in enumerate(source.split("\n"), start=1):
        found = _MARK.findall(line)
        if found:
            current = int(found[0])
        if current is not None:
            para_of[lineno] = current
    env = make_environment(lang)
    try:
        tree = env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        result.findings.append((para_of.get(exc.lineno or 0),
                                _("Jinja syntax error: {message}").format(message=exc.message)))
        result.parsed = False
        return result
    walker = _Walker(env, para_of)
    walker.visit(tree, {})
    result.uses = walker.uses
    unknown = False
    for use in walker.uses:
        if use.what == "filter" and use.name not in env.filters:
            unknown = True
            result.findings.append((use.paragraph, (
                _("unknown filter '{name}'; the filters are: "
                  "{filters}").format(
                    name=use.name, filters=', '.join(sorted(make_environment(lang).filters))))))
        elif use.what == "test" and use.name not in env.tests:
            unknown = True
            result.findings.append((use.paragraph, _("unknown test '{name}'").format(
                                                       name=use.name)))
    try:
        env.from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        if not unknown:
            result.findings.append((para_of.get(exc.lineno or 0),
                                    _("Jinja error: {message}").format(message=exc.message)))
    return result


def kind_of(stem: str) -> str:
    """The document kind of a template file stem (``order_admission`` → ``order``)."""
    if stem in kind_fields():
        return stem
    head = stem.split("_")[0]
    return head if head in kind_fields() else stem


def check_templates(root: Path) -> CheckReport:
    """Check every template in ``root/templates_ru`` and ``root/templates_kk``."""
    report = CheckReport()
    names: dict[str, dict[str, Path]] = {}
    for lang in LANGS:
        folder = root / f"templates_{lang}"
        if folder.is_dir():
            for path in sorted(folder.glob("*.docx")):
                if not path.name.startswith(("~$", ".")):
                    names.setdefault(path.stem, {})[lang] = path
    if not names:
        raise TemplateError(_("no templates in {root}/templates_ru or {root}/templates_kk").format(
                                root=root))
    reported_kinds: set[str] = set()
    for stem in sorted(names):
        kind = kind_of(stem)
        fields = kind_fields().get(kind)
        used: dict[str, dict[str, tuple[str, Use, str]]] = {}
        broken = False
        for lang in LANGS:
            rel = f"templates_{lang}/{stem}.docx"
            path = names[stem].get(lang)
            if path is None:
                other = next(iter(names[stem]))
                report.findings.append(Finding(rel, (
                    _("missing: templates_{other}/{stem}.docx exists, and every kind needs "
                      "both languages").format(other=other, stem=stem))))
                continue
            report.templates += 1
            if fields is None and kind not in reported_kinds:
                reported_kinds.add(kind)
                report.findings.append(Finding(rel, _("fields of kind {kind} not documented "
                                                      "(docgen.rendering.context.FIELDS)").format(
                                                        kind=kind)))
            used[lang] = {}
            findings, parsed = _check_one(path, rel, lang, fields, used[lang])
            report.findings.extend(findings)
            if not parsed:  # its fields are unknown: comparing them would only add noise
                broken = True
        if len(used) == len(LANGS) and not broken:
            report.findings.extend(_compare_pair(stem, used))
    return report


def _check_one(path: Path, rel: str, lang: str, fields: dict[str, tuple[str, str]] | None,
               used: dict[str, tuple[str, Use, str]]) -> tuple[list[Finding], bool]:
    """The findings of one template file, and whether all its parts parsed."""
    findings = []
    parsed = True
    for name, data in _read_parts(path):
        if not _PARTS.match(name):
            continue
        xml = data.decode("utf-8")
        if "{" not in xml and name != "word/document.xml":
            continue
        part = name.split("/", 1)[1]
        texts = ["".join(_texts(p)) for p in _paragraphs(etree.fromstring(data))]

        def text_of(n: int | None, texts: list[str] = texts) -> str:
            return texts[n - 1] if n and 0 < n <= len(texts) else ""

        analysis = analyse_part(xml, lang)
        parsed = parsed and analysis.parsed
        for number, problem in analysis.findings:
            findings.append(Finding(rel, problem, number, text_of(number), part))
        for use in analysis.uses:
            if use.what != "field":
                continue
            used.setdefault(use.name, (part, use, text_of(use.paragraph)))
            if fields is not None and not field_known(use.name, fields):
                findings.append(Finding(rel, (
                    _("unknown field {name} (see `docgen templates fields {kind}`)").format(
                        name=use.name, kind=kind_of(path.stem))),
                    use.paragraph, text_of(use.paragraph), part))
    return findings, parsed


# Forms of one thing in another grammatical case: Russian and Kazakh phrases need different
# cases (о созыве + genitive / accusative + шақыру туралы), so they count as one field.
_FORMS = {"name", "title", "genitive", "dative", "accusative", "locative", "upper",
          "title_upper"}


_PERSON_FORM = re.compile(r"\.(genitive|dative|accusative|instrumental|prepositional)"
                          r"\.(name|initials|surname_initials|short|position)$")
_NAME_SHAPES = ("initials", "surname_initials", "short")


def pair_key(path: str) -> str:
    """``session.genitive`` and ``session.accusative`` are the same field in another case;
    so are a person's ``sp.genitive.position`` and ``sp.position``, and the shapes of a name
    (``sp.short``, ``sp.surname_initials``) are its ``name``: each language's grammar picks."""
    path = _PERSON_FORM.sub(r".\2", path)
    head, _dot, last = path.rpartition(".")
    if head and last in _NAME_SHAPES:
        last = "name"
    return f"{head}.<form>" if head and last in _FORMS else path


def _compare_pair(stem: str, used: dict[str, dict[str, tuple[str, Use, str]]]) -> list[Finding]:
    findings = []
    keys = {lang: {pair_key(name) for name in used[lang]} for lang in LANGS}
    for lang in LANGS:
        for other in LANGS:
            if other == lang:
                continue
            for name in sorted(n for n in used[lang] if pair_key(n) not in keys[other]):
                part, use, text = used[lang][name]
                findings.append(Finding(f"templates_{lang}/{stem}.docx", (
                    _("field {name} is used here but not in templates_{other}/{stem}.docx "
                      "(the ru and kk templates of a kind must use the same fields)").format(
                        name=name, other=other, stem=stem)),
                    use.paragraph, text, part))
    return findings


# --- normalize ------------------------------------------------------------------------


def _simple_run(r: etree._Element) -> bool:
    """A run holding only formatting and text (safe to merge)."""
    return r.tag == f"{_W}r" and all(c.tag in (f"{_W}rPr", f"{_W}t") for c in r)


def _rpr(r: etree._Element) -> bytes:
    rpr = r.find(f"{_W}rPr")
    return b"" if rpr is None else etree.tostring(rpr, method="c14n")


def _set_text(t: etree._Element, value: str) -> None:
    t.text = value
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _merge_runs(p: etree._Element) -> int:
    """Merge adjacent simple runs of identical formatting; returns how many went."""
    for junk in list(p.findall(f"{_W}proofErr")):
        p.remove(junk)
    for r in p.findall(f"{_W}r"):
        for junk in r.findall(f"{_W}lastRenderedPageBreak"):
            r.remove(junk)
    merged = 0
    children = list(p)
    i = 0
    while i < len(children) - 1:
        a, b = children[i], children[i + 1]
        if _simple_run(a) and _simple_run(b) and _rpr(a) == _rpr(b):
            texts_a, texts_b = a.findall(f"{_W}t"), b.findall(f"{_W}t")
            joined = "".join(t.text or "" for t in texts_a + texts_b)
            for t in texts_a[1:]:
                a.remove(t)
            if texts_a:
                _set_text(texts_a[0], joined)
            else:
                t = etree.SubElement(a, f"{_W}t")
                _set_text(t, joined)
            p.remove(b)
            children.pop(i + 1)
            merged += 1
        else:
            i += 1
    return merged


def _join_split_tags(p: etree._Element) -> int:
    """Move the rest of a tag still split across differently formatted runs into its first run.

    The rendered value takes the formatting of the run where the tag starts (as docxtpl
    does when it renders); the visible text does not change.
    """
    joined = 0
    while True:
        ts = list(_own(p, f"{_W}t"))
        text = "".join(t.text or "" for t in ts)
        bounds, pos = [], 0
        for t in ts:
            bounds.append((pos, pos + len(t.text or "")))
            pos += len(t.text or "")
        for m in _TAG.finditer(text):
            touched = [i for i, (a, b) in enumerate(bounds) if a < m.end() and b > m.start()]
            if len(touched) > 1:
                break
        else:
            return joined
        first, rest = touched[0], touched[1:]
        a0, _end = bounds[first]
        _set_text(ts[first], text[a0:m.end()])
        for i in rest:
            a, b = bounds[i]
            _set_text(ts[i], text[max(a, m.end()):b])
        joined += 1


@dataclass
class NormalizeResult:
    """What ``normalize_template`` did."""

    merged_runs: int
    joined_tags: int
    target: Path


def normalize_template(path: Path, out: Path | None = None) -> NormalizeResult:
    """Merge runs of identical formatting so tags are whole again; text is left unchanged."""
    parts = _read_parts(path)
    merged = joined = 0
    new_parts = []
    for name, data in parts:
        if _PARTS.match(name):
            root = etree.fromstring(data)
            for p in _paragraphs(root):
                merged += _merge_runs(p)
                joined += _join_split_tags(p)
            data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                  standalone=True)
        new_parts.append((name, data))
    if _visible_text(parts) != _visible_text(new_parts):
        raise TemplateError(_("normalizing would change the visible text; nothing written"),
                            template=path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, (_name, data) in zip(src.infolist(), new_parts, strict=True):
            zf.writestr(info, data)
    target = out if out is not None else path
    write_atomic(target, buffer.getvalue())
    return NormalizeResult(merged, joined, target)


def describe_fields(kind: str) -> dict[str, tuple[str, str]]:
    """The documented fields of ``kind``."""
    if kind not in kind_fields():
        known = ", ".join(sorted(FIELDS))
        raise UsageError(_("fields of kind {kind} not documented; documented: {known}").format(
                             kind=kind, known=known))
    return kind_fields()[kind]
