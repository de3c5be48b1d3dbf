"""Word 97–2003 (.doc), OpenDocument (.odt), and legacy-font Word/text files → text `extract_text` reads.

- .doc (OLE2, `D0 CF 11 E0`): `antiword` in a subprocess — no shell, a timeout, a memory and CPU
  limit — writing UTF-8. Text typed in `.VnTime` comes out as Windows-1252 characters ("Hµ Néi");
  `convert_legacy_encoding` turns it into Unicode after.
- .odt (a zip whose `mimetype` is `application/vnd.oasis.opendocument.text`): `content.xml` read with
  lxml (no DTD, no entities, no network), paragraphs, headings, list items and table cells in order,
  `<text:line-break/>`, `<text:tab/>` and `<text:s/>` kept.
- .docx with runs in a TCVN3/VNI font (python-docx gives each run's font): each such run converted
  by its font's table (`.VnTimeH` as capitals), the rest left alone.
- a .txt that is not UTF-8 and reads as TCVN3/VNI byte by byte: handed on as those characters, so
  the legacy step converts it (otherwise it would be read as Windows-1258).

Each gives UTF-8 text named `<name>.txt`; nothing is written to disk but antiword's input file.
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from directives.ingest import legacy
from directives.parsing.extract import ExtractionError

__all__ = ["Converted", "convert"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
ANTIWORD_TIMEOUT_SECONDS = 30
ANTIWORD_MEMORY_BYTES = 256 * 1024 * 1024
ANTIWORD_CPU_SECONDS = 20
# content.xml of a long .odt is a few MB; past this (inflated) it is refused, like a zip bomb.
MAX_ODT_CONTENT_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
# Byte → Windows-1252 character, for 0x80–0x9F (Latin-1 elsewhere); its five holes stay C1 controls.
_CP1252 = {b: bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xA0)}


@dataclass(frozen=True, slots=True)
class Converted:
    """What `extract_text` reads instead of the upload; `kind` for `Ingested.kind`; `note` for review."""

    data: bytes
    filename: str
    kind: str  # a `dispatch.Kind` value ("doc", "odt", "docx", "txt")
    note: str | None = None


def convert(data: bytes, filename: str) -> Converted | None:
    """The upload as text, when it is one of the kinds above; None for everything else."""
    if data.startswith(OLE_MAGIC):
        return Converted(_text_file(doc_text(data, filename)), _txt_name(filename), "doc")
    if data.startswith(b"PK\x03\x04"):
        with _open_zip(data, filename) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return Converted(_text_file(odt_text(archive, filename)), _txt_name(filename), "odt")
            if "word/document.xml" in names:
                return _docx_legacy_runs(data, filename)
        return None
    return _legacy_text_file(data, filename)


def _txt_name(filename: str) -> str:
    return f"{Path(filename).stem or 'van-ban'}.txt"


def _text_file(text: str) -> bytes:
    return text.encode("utf-8")


# .doc ------------------------------------------------------------------------------------------


def _limits() -> None:  # runs in the child, before antiword starts
    resource.setrlimit(resource.RLIMIT_AS, (ANTIWORD_MEMORY_BYTES, ANTIWORD_MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (ANTIWORD_CPU_SECONDS, ANTIWORD_CPU_SECONDS))


def antiword_available() -> bool:
    return shutil.which("antiword") is not None


def doc_text(data: bytes, filename: str) -> str:
    """The text of a Word 97–2003 file, by antiword (UTF-8, paragraphs unwrapped)."""
    with tempfile.TemporaryDirectory(prefix="cascade-doc-") as tmp:
        source = Path(tmp) / "input.doc"
        source.write_bytes(data)
        try:
            done = subprocess.run(  # a fixed argv, never a shell
                ["antiword", "-m", "UTF-8.txt", "-w", "0", str(source)],
                capture_output=True,
                timeout=ANTIWORD_TIMEOUT_SECONDS,
                preexec_fn=_limits,  # setrlimit only: safe before exec
                env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp, "LANG": "C.UTF-8"},
                check=False,
            )
        except FileNotFoundError as exc:
            raise ExtractionError("Máy chủ chưa cài antiword nên chưa đọc được tệp .doc; báo quản trị viên.") from exc
        except subprocess.TimeoutExpired as exc:
            raise ExtractionError(f"Đọc tệp Word {filename!r} quá lâu; hãy lưu lại thành .docx hoặc PDF.") from exc
    text = done.stdout.decode("utf-8", errors="replace")
    if done.returncode != 0 or not text.strip():
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise ExtractionError(
            f"Không đọc được tệp Word {filename!r} (.doc bị hỏng, có mật khẩu hoặc không phải Word 97–2003:"
            f" {reason[0][:100]}); hãy lưu lại thành .docx hoặc PDF."
        )
    return untable(text.replace("[pic]", ""))


def untable(text: str) -> str:
    """antiword's tables ("|cell   |cell   |" lines) as a .docx is read: one cell text a line.

    antiword prints each paragraph of a row's cells as its own "|…|…|" line, so the rows of a
    table cannot be told from the paragraphs of one row. A two-column table (the header: issuer
    and number | motto and date; the foot: Nơi nhận | signer) is read column by column, as a
    reader does; a wider one (a table of tasks) row by row, each cell on its line.
    """
    out: list[str] = []
    block: list[list[str]] = []

    def flush() -> None:
        if not block:
            return
        widths = {len(row) for row in block}
        if widths == {2}:
            cells = [row[0] for row in block] + [row[1] for row in block]
        else:
            cells = [cell for row in block for cell in row]
        out.extend(cell for cell in cells if cell)
        block.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
            block.append([cell.strip() for cell in stripped[1:-1].split("|")])
            continue
        flush()
        out.append(line)
    flush()
    return "\n".join(out)


# .odt ------------------------------------------------------------------------------------------


def _open_zip(data: bytes, filename: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ExtractionError(f"Tệp {filename!r} bị hỏng, không đọc được.") from exc
    if len(archive.infolist()) > MAX_ZIP_ENTRIES:
        archive.close()
        raise ExtractionError(f"Tệp {filename!r} có cấu trúc bất thường (quá nhiều thành phần).")
    return archive


_ODT = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}


def _tag(prefix: str, name: str) -> str:
    return f"{{{_ODT[prefix]}}}{name}"


_BLOCKS = {_tag("text", "p"), _tag("text", "h")}
# Not part of the running text: footnote bodies, tracked deletions, the index's own entries.
_SKIPPED = {
    _tag("text", "note"),
    _tag("text", "tracked-changes"),
    _tag("text", "sequence-decls"),
    _tag("office", "annotation"),
}


def odt_text(archive: zipfile.ZipFile, filename: str) -> str:
    """Paragraphs, headings, list items and table cells of content.xml, one line each, in order."""
    from lxml import etree

    try:
        info = archive.getinfo("content.xml")
    except KeyError as exc:
        raise ExtractionError(f"Tệp {filename!r} không phải văn bản OpenDocument (.odt).") from exc
    if info.file_size > MAX_ODT_CONTENT_BYTES:
        raise ExtractionError(f"Tệp {filename!r} giải nén quá lớn (nghi ngờ zip bomb).")
    try:
        with archive.open(info) as member:
            content = member.read(MAX_ODT_CONTENT_BYTES + 1)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
        raise ExtractionError(f"Tệp {filename!r} bị hỏng, không đọc được.") from exc
    if len(content) > MAX_ODT_CONTENT_BYTES:
        raise ExtractionError(f"Tệp {filename!r} giải nén quá lớn (nghi ngờ zip bomb).")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ExtractionError(f"Tệp {filename!r} bị hỏng, không đọc được.") from exc
    body = root.find(f"{_tag('office', 'body')}/{_tag('office', 'text')}")
    if body is None:
        raise ExtractionError(f"Tệp {filename!r} không phải văn bản OpenDocument (.odt).")
    return "\n".join(_odt_blocks(body))


def _odt_blocks(element: object) -> Iterator[str]:
    for child in element:  # type: ignore[attr-defined]
        if child.tag in _SKIPPED:
            continue
        if child.tag in _BLOCKS:
            yield "".join(_odt_inline(child))
        else:  # sections, lists, list items, tables, rows, cells: their paragraphs in order
            yield from _odt_blocks(child)


def _odt_inline(element: object) -> Iterator[str]:
    if element.text:  # type: ignore[attr-defined]
        yield element.text  # type: ignore[attr-defined]
    for child in element:  # type: ignore[attr-defined]
        tag = child.tag
        if tag == _tag("text", "line-break"):
            yield "\n"
        elif tag == _tag("text", "tab"):
            yield "\t"
        elif tag == _tag("text", "s"):
            yield " " * int(child.get(_tag("text", "c"), "1") or 1)
        elif tag not in _SKIPPED:
            yield from _odt_inline(child)
        if child.tail:
            yield child.tail


# .docx with TCVN3/VNI fonts ------------------------------------------------------------------------


def _docx_legacy_runs(data: bytes, filename: str) -> Converted | None:
    """A .docx whose text uses TCVN3/VNI fonts, as Unicode text; None when no run does."""
    import docx

    from directives.ingest.docx_fonts import document_text, legacy_fonts_used

    if not legacy_fonts_used(data):
        return None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on a damaged file
        raise ExtractionError(f"Tệp {filename!r} bị hỏng, không đọc được.") from exc
    text, encodings = document_text(document)
    note = legacy.note(sorted(encodings)[0]) if encodings else None
    return Converted(_text_file(text), _txt_name(filename), "docx", note)


# legacy .txt ---------------------------------------------------------------------------------------


def _legacy_text_file(data: bytes, filename: str) -> Converted | None:
    """A text file in TCVN3/VNI bytes, as their Windows-1252 characters; None for any other text."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:8192]:
        return None
    try:
        data.decode("utf-8")
        return None  # UTF-8 text (legacy characters in it, if any, are converted after extraction)
    except UnicodeDecodeError:
        pass
    text = data.decode("latin-1").translate(_CP1252)
    if legacy.detect(text) is None:
        return None
    return Converted(_text_file(text), _txt_name(filename), "txt")
