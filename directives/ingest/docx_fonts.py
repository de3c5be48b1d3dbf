"""A .docx's text with each run in a TCVN3/VNI font converted by that font's table.

Word picks a run's font per character: `w:ascii` for ASCII, `w:hAnsi` for the rest — and legacy
codes are "the rest", so `w:hAnsi` decides. A run without its own font takes its character style's,
then its paragraph style's (and their base styles'), then the document default.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from directives.ingest import legacy

_FONT_ATTRIBUTE = re.compile(rb'w:(?:ascii|hAnsi)="([^"]+)"')


def legacy_fonts_used(data: bytes) -> bool:
    """Any TCVN3/VNI font named in the document or its styles (a cheap look before parsing it)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            for part in ("word/document.xml", "word/styles.xml"):
                if part in names and archive.getinfo(part).file_size < 100 * 1024 * 1024:
                    fonts = _FONT_ATTRIBUTE.findall(archive.read(part))
                    if any(legacy.font_encoding(f.decode("utf-8", "replace")) for f in fonts):
                        return True
    except (zipfile.BadZipFile, OSError, KeyError):
        return False
    return False


def _rfonts(rpr: Any) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(_qn("w:rFonts"))
    if fonts is None:
        return None
    name = fonts.get(_qn("w:hAnsi")) or fonts.get(_qn("w:ascii"))
    return str(name) if name else None


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def _style_font(style: Any) -> str | None:
    while style is not None:
        font = _rfonts(style.element.find(_qn("w:rPr")))
        if font:
            return font
        style = style.base_style
    return None


def _default_font(document: Any) -> str | None:
    defaults = document.styles.element.find(_qn("w:docDefaults"))
    if defaults is None:
        return None
    rpr = defaults.find(f"{_qn('w:rPrDefault')}/{_qn('w:rPr')}")
    return _rfonts(rpr)


def _paragraph_text(paragraph: Any, default: str | None, encodings: set[str]) -> str:
    parts = []
    paragraph_font = _style_font(paragraph.style) if paragraph.style is not None else None
    for run in paragraph.runs:
        font = _rfonts(run._r.rPr) or _style_font(run.style)
        font = font or paragraph_font or default
        encoding = legacy.font_encoding(font)
        text = run.text
        if encoding and not text.isascii():
            text = legacy.to_unicode(text, encoding, uppercase=legacy.is_uppercase_font(font))
            encodings.add(encoding)
        elif encoding and legacy.is_uppercase_font(font):
            text = text.upper()
        parts.append(text)
    return "".join(parts)


def document_text(document: Any) -> tuple[str, set[str]]:
    """Paragraphs and table cells in order (as `extract_text` reads a .docx), and the encodings met."""
    encodings: set[str] = set()
    default = _default_font(document)
    lines = list(_blocks(document.element.body, document, default, encodings))
    return "\n".join(lines), encodings


def _blocks(body: Any, parent: Any, default: str | None, encodings: set[str]) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in body.iterchildren():
        if child.tag == _qn("w:p"):
            yield _paragraph_text(Paragraph(child, parent), default, encodings)
        elif child.tag == _qn("w:tbl"):
            seen: set[int] = set()
            for row in Table(child, parent).rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    yield from _blocks(cell._tc, cell, default, encodings)
