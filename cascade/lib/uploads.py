"""The one check for every uploaded file: size, real type, a safe name, and nothing hostile inside.

    from cascade.lib.uploads import validate_upload

    upload = validate_upload(request.FILES["file"], allowed={"pdf", "docx"})   # ValidationError if bad
    attachment.file.save(upload.stored_name, upload.file, save=False)          # never the client's name
    attachment.original_name, attachment.size, attachment.sha256 = upload.original_name, upload.size, upload.sha256

or, in a form, `file = ValidatedFileField(allowed={"pdf", "docx"})` (its cleaned value is the
`ValidatedUpload`). Callers say only *which kinds* they take (and how many files); every check is here.

What it refuses, with a Vietnamese message naming the file (`ValidationError.code` in brackets):
- no file [required], an empty file [empty], or one over `max_bytes` (default
  settings.UPLOAD_MAX_BYTES) [too_large] — counted while reading, so a huge stream is not read to its end;
- an extension not in `allowed` [bad_extension], e.g. "bao-cao.pdf.exe";
- content that is not what the extension says, sniffed from the bytes: an .exe renamed .pdf, a PNG
  named .jpg, a plain .zip named .docx, a binary named .txt [mismatch];
- a PDF that does not open or has no page [corrupt], or is password-protected [encrypted];
- a JPEG/PNG that does not decode [corrupt] or has more than MAX_IMAGE_PIXELS pixels (a
  decompression bomb) [too_large];
- a .docx/.xlsx/.odt whose zip is corrupt [corrupt], encrypted [encrypted], lacks its main parts
  or (.odt) says in its `mimetype` part that it is not a text document [mismatch], has entries
  named like paths out of the archive ("../../evil", "/etc/x", "C:x") [unsafe_path], has more
  than MAX_ZIP_ENTRIES entries, or inflates past settings.UPLOAD_DOCX_MAX_INFLATED_BYTES or by more
  than settings.UPLOAD_DOCX_MAX_RATIO times —
  checked by actually inflating, in bounded chunks, since a zip's declared sizes can lie [zip_bomb].
The client's file name is only ever shown (cleaned of paths, control and bidi characters); files are
stored under a random name carrying the checked extension.
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
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader

SNIFF_BYTES = 8192
CHUNK = 64 * 1024
MAX_ZIP_ENTRIES = 2000
MAX_IMAGE_PIXELS = 80_000_000
MAX_NAME_CHARS = 150
# Never in a name we show or offer on download: they break quoting or cannot be saved on Windows.
_NAME_UNSAFE = str.maketrans("", "", '"<>|*?')


@dataclass(frozen=True)
class Kind:
    extensions: tuple[str, ...]
    content_type: str
    label: str
    zip_parts: tuple[str, ...] = ()  # the parts an Office/ODF zip must contain
    zip_mimetype: bytes = b""  # what an ODF zip's `mimetype` part must say


KINDS: dict[str, Kind] = {
    "pdf": Kind(("pdf",), "application/pdf", "PDF"),
    "docx": Kind(
        ("docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word (.docx)",
        zip_parts=("[Content_Types].xml", "word/document.xml"),
    ),
    "xlsx": Kind(
        ("xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel (.xlsx)",
        zip_parts=("[Content_Types].xml", "xl/workbook.xml"),
    ),
    "odt": Kind(
        ("odt",),
        "application/vnd.oasis.opendocument.text",
        "OpenDocument (.odt)",
        zip_parts=("mimetype", "content.xml"),
        zip_mimetype=b"application/vnd.oasis.opendocument.text",
    ),
    "doc": Kind(("doc",), "application/msword", "Word 97-2003 (.doc)"),
    "xls": Kind(("xls",), "application/vnd.ms-excel", "Excel 97-2003 (.xls)"),
    "png": Kind(("png",), "image/png", "ảnh PNG"),
    "jpg": Kind(("jpg", "jpeg"), "image/jpeg", "ảnh JPEG"),
    "txt": Kind(("txt",), "text/plain", "văn bản thuần (.txt)"),
}
DOCUMENTS = frozenset({"pdf", "docx", "doc", "odt"})
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class ValidatedUpload:
    file: IO[bytes]  # rewound to the start
    original_name: str  # cleaned, for display and the download name only
    stored_name: str  # random, safe to use as a storage name
    kind: str
    extension: str
    content_type: str
    size: int
    sha256: str

    @property
    def django_file(self) -> File[Any]:
        self.file.seek(0)
        return File(self.file, name=self.stored_name)


def _error(message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def clean_name(name: str | None) -> str:
    """The last path component, NFC, without control/format (bidi) characters or `"<>|*?`, at most 150 chars."""
    name = (name or "").replace("\\", "/").split("/")[-1]
    name = unicodedata.normalize("NFC", name).translate(_NAME_UNSAFE)
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


def _kind_of_extension(ext: str) -> str | None:
    return next((k for k, kind in KINDS.items() if ext in kind.extensions), None)


def content_type_for(name: str) -> str:
    """The type of a stored file from its (checked) extension; `application/octet-stream` if unknown."""
    kind_name = _kind_of_extension(_extension(name))
    return KINDS[kind_name].content_type if kind_name else "application/octet-stream"


def stored_name_for(original_name: str) -> str:
    """A random storage name keeping the checked file's extension (.jpeg is stored as .jpg)."""
    kind_name = _kind_of_extension(_extension(original_name))
    ext = KINDS[kind_name].extensions[0] if kind_name else "bin"
    return f"{uuid.uuid4().hex}.{ext}"


def accept_attribute(allowed: Iterable[str]) -> str:
    """The `accept` attribute of a file input: the extensions, then the types (for mobile pickers)."""
    kinds = [KINDS[k] for k in sorted(allowed)]
    return ",".join([f".{e}" for kind in kinds for e in kind.extensions] + [kind.content_type for kind in kinds])


def _mb(n: int) -> str:
    value = n / (1024 * 1024)
    return f"{value:.0f}" if value >= 1 else f"{value:.2f}"


def _hash_and_size(fh: IO[bytes], *, limit: int, name: str) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    fh.seek(0)
    while chunk := fh.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise _error(_("Tệp “%(name)s” quá lớn: tối đa %(mb)s MB."), "too_large", name=name, mb=_mb(limit))
        digest.update(chunk)
    fh.seek(0)
    return digest.hexdigest(), size


def _sniff(head: bytes, kind_name: str, kind: Kind) -> bool:
    if kind_name == "txt":
        # What the document extractor reads: UTF-8, UTF-16 with a BOM, or legacy 8-bit Vietnamese.
        if head.startswith(UTF16_BOMS):
            return True
        return b"\x00" not in head and filetype.guess(head) is None
    if kind_name in ("doc", "xls"):
        return head.startswith(OLE_MAGIC)
    if kind.zip_parts:
        return head.startswith(b"PK\x03\x04")
    guessed = filetype.guess(head)
    return guessed is not None and guessed.mime == kind.content_type


def _unsafe_member(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or ":" in name or "\x00" in name


def _check_zip(fh: IO[bytes], kind: Kind, *, size: int, name: str) -> None:
    max_inflated = settings.UPLOAD_DOCX_MAX_INFLATED_BYTES
    max_ratio = settings.UPLOAD_DOCX_MAX_RATIO
    corrupt = _error(
        _("Tệp “%(name)s” bị hỏng hoặc không mở được như %(kind)s."), "corrupt", name=name, kind=kind.label
    )
    bomb = _error(
        _("Tệp “%(name)s” giải nén ra quá lớn (có thể là tệp độc hại); tối đa %(mb)s MB."),
        "zip_bomb",
        name=name,
        mb=_mb(max_inflated),
    )
    fh.seek(0)
    try:
        archive = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise corrupt from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise _error(
                _("Tệp “%(name)s” có quá nhiều thành phần bên trong (có thể là tệp độc hại)."), "zip_bomb", name=name
            )
        for info in entries:
            if _unsafe_member(info.filename):
                raise _error(
                    _("Tệp “%(name)s” chứa đường dẫn không hợp lệ bên trong (có thể là tệp độc hại)."),
                    "unsafe_path",
                    name=name,
                )
            if info.flag_bits & 0x1:
                raise _error(
                    _("Tệp “%(name)s” được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại để người nhận đọc được."),
                    "encrypted",
                    name=name,
                )
        names = {info.filename for info in entries}
        if any(part not in names for part in kind.zip_parts):
            raise _mismatch(name, kind)
        limit = min(max_inflated, max_ratio * max(size, 1))
        if sum(info.file_size for info in entries) > limit:
            raise bomb
        # Declared sizes can lie: inflate for real, in bounded chunks, and stop at the limit.
        inflated = 0
        try:
            for info in entries:
                if info.is_dir():
                    continue
                with archive.open(info) as member:
                    while chunk := member.read(CHUNK):
                        inflated += len(chunk)
                        if inflated > limit:
                            raise bomb
            if kind.zip_mimetype:
                with archive.open("mimetype") as member:
                    if member.read(200).strip() != kind.zip_mimetype:
                        raise _mismatch(name, kind)
        except ValidationError:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            raise corrupt from None
    fh.seek(0)


def _check_pdf(fh: IO[bytes], *, name: str) -> None:
    fh.seek(0)
    try:
        reader = PdfReader(fh, strict=False)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
    except Exception:  # any parser failure means we cannot vouch for the file
        raise _error(_("Tệp “%(name)s” bị hỏng hoặc không mở được như PDF."), "corrupt", name=name) from None
    finally:
        fh.seek(0)
    if encrypted:
        raise _error(
            _("Tệp “%(name)s” được đặt mật khẩu; hãy gửi bản không đặt mật khẩu để người nhận đọc được."),
            "encrypted",
            name=name,
        )
    if pages < 1:
        raise _error(_("Tệp PDF “%(name)s” không có trang nào."), "corrupt", name=name)


def _check_image(fh: IO[bytes], kind: Kind, *, name: str) -> None:
    too_big = _error(
        _("Ảnh “%(name)s” quá lớn: tối đa %(mp)s triệu điểm ảnh."), "too_large", name=name, mp=MAX_IMAGE_PIXELS // 10**6
    )
    fh.seek(0)
    try:
        with Image.open(fh) as image:  # reads the header only; the size is known before decoding
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise too_big
            image.verify()
    except Image.DecompressionBombError:
        raise too_big from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise _error(
            _("Tệp “%(name)s” bị hỏng hoặc không mở được như %(kind)s."), "corrupt", name=name, kind=kind.label
        ) from None
    finally:
        fh.seek(0)


def _mismatch(name: str, kind: Kind) -> ValidationError:
    return _error(
        _(
            "Tệp “%(name)s” có đuôi .%(ext)s nhưng nội dung không phải %(kind)s"
            " (đã kiểm tra nội dung tệp, không theo tên)."
        ),
        "mismatch",
        name=name,
        ext=_extension(name),
        kind=kind.label,
    )


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
        raise _error(_("Chưa chọn tệp."), "required")
    original = clean_name(getattr(file, "name", ""))
    shown = original or _("(không tên)")
    declared_size = getattr(file, "size", None)
    if declared_size is not None and declared_size > limit:
        raise _error(_("Tệp “%(name)s” quá lớn: tối đa %(mb)s MB."), "too_large", name=shown, mb=_mb(limit))
    fh: IO[bytes] = file.file if hasattr(file, "file") and file.file is not None else file
    sha256, size = _hash_and_size(fh, limit=limit, name=shown)
    if size == 0:
        raise _error(_("Tệp “%(name)s” rỗng."), "empty", name=shown)
    ext = _extension(original)
    kind_name = next((k for k in sorted(allowed) if ext in KINDS[k].extensions), None)
    if kind_name is None:
        labels = ", ".join(f".{e}" for k in sorted(allowed) for e in KINDS[k].extensions)
        raise _error(_("Không nhận tệp “%(name)s”: chỉ nhận %(allowed)s."), "bad_extension", name=shown, allowed=labels)
    kind = KINDS[kind_name]
    head = fh.read(SNIFF_BYTES)
    fh.seek(0)
    if not _sniff(head, kind_name, kind):
        raise _mismatch(shown, kind)
    if kind.zip_parts:
        _check_zip(fh, kind, size=size, name=shown)
    elif kind_name == "pdf":
        _check_pdf(fh, name=shown)
    elif kind_name in ("png", "jpg"):
        _check_image(fh, kind, name=shown)
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


class ValidatedFileField(forms.FileField):
    """A form field whose cleaned value is a `ValidatedUpload` (or None when optional and empty)."""

    def __init__(self, *, allowed: Iterable[str] = DOCUMENTS, max_bytes: int | None = None, **kwargs: Any) -> None:
        self.allowed = frozenset(allowed)
        self.max_bytes = max_bytes
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", accept_attribute(self.allowed))

    def clean(self, data: Any, initial: Any = None) -> ValidatedUpload | None:
        value = super().clean(data, initial)
        if not value:
            return None
        return validate_upload(value, allowed=self.allowed, max_bytes=self.max_bytes)
