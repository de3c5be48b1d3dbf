"""One check for every uploaded file: size, real type, a safe name, and no zip bombs.

    from cascade.lib.uploads import validate_upload

    upload = validate_upload(request.FILES["file"], allowed={"pdf", "docx"})   # ValidationError if bad
    attachment.file.save(upload.stored_name, upload.file, save=False)          # never the client's name
    attachment.original_name, attachment.size, attachment.sha256 = upload.original_name, upload.size, upload.sha256

What it refuses, with a Vietnamese message (`ValidationError.code` in brackets):
- an empty file [empty] or one over `max_bytes` (default settings.UPLOAD_MAX_BYTES) [too_large];
- an extension not in `allowed` [bad_extension], e.g. "bao-cao.pdf.exe";
- content that is not what the extension says, sniffed from the bytes (`filetype`): an .exe renamed
  .pdf, a .docx that is really a .zip of something else [mismatch];
- a .docx/.xlsx/.odt whose zip is corrupt, encrypted, has entries named like paths out of the archive,
  too many entries, or inflates past settings.UPLOAD_DOCX_MAX_INFLATED_BYTES or by more than
  settings.UPLOAD_DOCX_MAX_RATIO times (checked by actually inflating, in bounded chunks, since a
  zip's declared sizes can lie) [zip_bomb / corrupt].
The client's file name is only ever shown (cleaned of paths, control and bidi characters); files are
stored under a random name.
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File

SNIFF_BYTES = 8192
CHUNK = 64 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_NAME_CHARS = 150


@dataclass(frozen=True)
class Kind:
    extensions: tuple[str, ...]
    content_type: str
    label: str
    zip_part: str = ""  # the part an Office/ODF zip must contain


KINDS: dict[str, Kind] = {
    "pdf": Kind(("pdf",), "application/pdf", "PDF"),
    "docx": Kind(
        ("docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word (.docx)",
        zip_part="word/document.xml",
    ),
    "xlsx": Kind(
        ("xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel (.xlsx)",
        zip_part="xl/workbook.xml",
    ),
    "odt": Kind(("odt",), "application/vnd.oasis.opendocument.text", "OpenDocument (.odt)", zip_part="content.xml"),
    "doc": Kind(("doc",), "application/msword", "Word 97-2003 (.doc)"),
    "xls": Kind(("xls",), "application/vnd.ms-excel", "Excel 97-2003 (.xls)"),
    "png": Kind(("png",), "image/png", "PNG"),
    "jpg": Kind(("jpg", "jpeg"), "image/jpeg", "JPEG"),
    "txt": Kind(("txt",), "text/plain", "văn bản thuần (.txt)"),
}
DOCUMENTS = frozenset({"pdf", "docx", "doc", "odt"})
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class ValidatedUpload:
    file: IO[bytes]  # rewound to the start
    original_name: str  # cleaned, for display only
    stored_name: str  # random, safe to use as a storage name
    kind: str
    extension: str
    content_type: str
    size: int
    sha256: str

    @property
    def django_file(self) -> File[Any]:
        return File(self.file, name=self.stored_name)


def _error(message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def clean_name(name: str | None) -> str:
    """The last path component, NFC, without control/format (bidi) characters, at most 150 chars."""
    name = (name or "").replace("\\", "/").split("/")[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = " ".join(name.split()).strip(" .")
    if len(name) > MAX_NAME_CHARS:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:10] if dot else ""
        name = (stem if dot else name)[: MAX_NAME_CHARS - len(ext) - 1].rstrip(" .") + (f".{ext}" if ext else "")
    return name


def _extension(name: str) -> str:
    _stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot else ""


def _hash_and_size(fh: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    fh.seek(0)
    while chunk := fh.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    fh.seek(0)
    return digest.hexdigest(), size


def _check_zip(fh: IO[bytes], kind: Kind, *, size: int) -> None:
    max_inflated = settings.UPLOAD_DOCX_MAX_INFLATED_BYTES
    max_ratio = settings.UPLOAD_DOCX_MAX_RATIO
    corrupt = _error("Tệp %(kind)s bị hỏng hoặc không đúng định dạng.", "corrupt", kind=kind.label)
    fh.seek(0)
    try:
        archive = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise corrupt from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise _error("Tệp có quá nhiều thành phần bên trong.", "zip_bomb")
        names = set()
        for info in entries:
            name = info.filename
            if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name:
                raise _error("Tệp chứa đường dẫn không hợp lệ bên trong.", "corrupt")
            if info.flag_bits & 0x1:
                raise _error("Tệp được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.", "corrupt")
            names.add(name)
        if kind.zip_part and kind.zip_part not in names:
            raise _error(
                "Tệp có đuôi .%(ext)s nhưng nội dung không phải %(kind)s.",
                "mismatch",
                ext=kind.extensions[0],
                kind=kind.label,
            )
        declared = sum(info.file_size for info in entries)
        bomb = _error(
            "Tệp giải nén ra quá lớn (có thể là tệp độc hại); tối đa %(mb)s MB.",
            "zip_bomb",
            mb=max_inflated // (1024 * 1024),
        )
        if declared > max_inflated or declared > max_ratio * max(size, 1):
            raise bomb
        # Declared sizes can lie: inflate for real, in bounded chunks, and stop at the limit.
        inflated = 0
        limit = min(max_inflated, max_ratio * max(size, 1))
        try:
            for info in entries:
                if info.is_dir():
                    continue
                with archive.open(info) as member:
                    while chunk := member.read(CHUNK):
                        inflated += len(chunk)
                        if inflated > limit:
                            raise bomb
        except ValidationError:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            raise corrupt from None
    fh.seek(0)


def _sniff(head: bytes, kind_name: str, kind: Kind) -> bool:
    if kind_name == "txt":
        if b"\x00" in head or filetype.guess(head) is not None:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sniffed block is fine.
            return exc.start >= len(head) - 3
        return True
    if kind_name in ("doc", "xls"):
        return head.startswith(OLE_MAGIC)
    if kind.zip_part:
        return head.startswith(b"PK\x03\x04")
    guessed = filetype.guess(head)
    return guessed is not None and guessed.mime == kind.content_type


def validate_upload(
    file: Any,
    *,
    allowed: Iterable[str] = DOCUMENTS,
    max_bytes: int | None = None,
) -> ValidatedUpload:
    """Check an uploaded file (a Django UploadedFile or any binary file object with a `name`)."""
    allowed = set(allowed)
    unknown = allowed - KINDS.keys()
    if unknown:
        raise ValueError(f"Unknown upload kinds {sorted(unknown)}; known: {sorted(KINDS)}")
    limit = max_bytes if max_bytes is not None else settings.UPLOAD_MAX_BYTES
    if file is None:
        raise _error("Chưa chọn tệp.", "required")
    original = clean_name(getattr(file, "name", ""))
    declared_size = getattr(file, "size", None)
    if declared_size is not None and declared_size > limit:
        raise _error("Tệp quá lớn: tối đa %(mb)s MB.", "too_large", mb=_mb(limit))
    fh: IO[bytes] = file.file if hasattr(file, "file") and file.file is not None else file
    sha256, size = _hash_and_size(fh)
    if size == 0:
        raise _error("Tệp rỗng.", "empty")
    if size > limit:
        raise _error("Tệp quá lớn: tối đa %(mb)s MB.", "too_large", mb=_mb(limit))
    ext = _extension(original)
    kind_name = next((k for k in sorted(allowed) if ext in KINDS[k].extensions), None)
    if kind_name is None:
        labels = ", ".join(f".{e}" for k in sorted(allowed) for e in KINDS[k].extensions)
        raise _error("Loại tệp không được chấp nhận. Chỉ nhận: %(allowed)s.", "bad_extension", allowed=labels)
    kind = KINDS[kind_name]
    head = fh.read(SNIFF_BYTES)
    fh.seek(0)
    if not _sniff(head, kind_name, kind):
        raise _error("Tệp có đuôi .%(ext)s nhưng nội dung không phải %(kind)s.", "mismatch", ext=ext, kind=kind.label)
    if kind.zip_part:
        _check_zip(fh, kind, size=size)
    if not original or original.startswith("."):
        original = f"tep-tai-len.{ext}"
    return ValidatedUpload(
        file=fh,
        original_name=original,
        stored_name=f"{uuid.uuid4().hex}.{kind.extensions[0]}",
        kind=kind_name,
        extension=kind.extensions[0],
        content_type=kind.content_type,
        size=size,
        sha256=sha256,
    )


def _mb(n: int) -> str:
    value = n / (1024 * 1024)
    return f"{value:.0f}" if value >= 1 else f"{value:.2f}"


class ValidatedFileField(forms.FileField):
    """A form field whose cleaned value is a `ValidatedUpload` (or None when optional and empty)."""

    def __init__(self, *, allowed: Iterable[str] = DOCUMENTS, max_bytes: int | None = None, **kwargs: Any) -> None:
        self.allowed = frozenset(allowed)
        self.max_bytes = max_bytes
        super().__init__(**kwargs)
        exts = [f".{e}" for k in sorted(self.allowed) for e in KINDS[k].extensions]
        self.widget.attrs.setdefault("accept", ",".join(exts))

    def clean(self, data: Any, initial: Any = None) -> ValidatedUpload | None:
        value = super().clean(data, initial)
        if not value:
            return None
        return validate_upload(value, allowed=self.allowed, max_bytes=self.max_bytes)
