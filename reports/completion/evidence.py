"""Evidence files: what a completion report may carry, judged by content, never by name.

A file is accepted when its bytes say it is a PDF, a Word (.docx) document or a JPEG/PNG image
*and* it opens as one: a renamed .exe, a truncated PDF or a zip bomb posing as .docx is refused
with a Vietnamese message. The SHA-256 is computed on the same pass, so the hash shown on the
report is the hash of exactly the bytes stored.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from typing import IO

import filetype
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True, slots=True)
class Kind:
    mime: str
    extension: str
    label: str


KINDS = {
    "application/pdf": Kind("application/pdf", "pdf", "PDF"),
    DOCX_MIME: Kind(DOCX_MIME, "docx", "Word (.docx)"),
    "image/jpeg": Kind("image/jpeg", "jpg", "ảnh JPEG"),
    "image/png": Kind("image/png", "png", "ảnh PNG"),
}
ACCEPT_ATTRIBUTE = ".pdf,.docx,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png," + DOCX_MIME

# A .docx is a zip: refuse archives that inflate absurdly (zip bombs) or hold thousands of parts.
DOCX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
DOCX_MAX_MEMBERS = 5000
IMAGE_MAX_PIXELS = 80_000_000
_CHUNK = 64 * 1024


class UploadRejected(ValueError):
    """The file cannot be attached; the message is shown to the person as is."""


@dataclass(frozen=True, slots=True)
class CheckedUpload:
    original_name: str
    content_type: str
    extension: str
    size: int
    sha256: str


def clean_original_name(name: str) -> str:
    """The name to show and offer on download: the last path part, no control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|').strip(" .")
    return (base or "tep-dinh-kem")[:200]


def inspect_upload(stream: IO[bytes], *, name: str, max_bytes: int) -> CheckedUpload:
    """Size, type by content, structure and SHA-256 of one uploaded file (the stream is rewound)."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    stream.seek(0)
    while chunk := stream.read(_CHUNK):
        if not head:
            head = chunk[:8192]
        size += len(chunk)
        if size > max_bytes:
            raise UploadRejected(f"Tệp “{clean_original_name(name)}” vượt quá dung lượng cho phép ({_mb(max_bytes)}).")
        digest.update(chunk)
    stream.seek(0)
    display = clean_original_name(name)
    if size == 0:
        raise UploadRejected(f"Tệp “{display}” rỗng.")
    guessed = filetype.guess(head)
    kind = KINDS.get(guessed.mime) if guessed is not None else None
    if kind is None and guessed is not None and guessed.mime == "application/zip":
        kind = KINDS[DOCX_MIME] if _looks_like_docx(stream) else None
    if kind is None:
        raise UploadRejected(
            f"Tệp “{display}” không phải PDF, Word (.docx) hay ảnh JPEG/PNG (đã kiểm tra nội dung tệp, không theo tên)."
        )
    try:
        _check_structure(kind, stream)
    except UploadRejected:
        raise
    except Exception as exc:  # any parser failure means we cannot vouch for the file
        raise UploadRejected(f"Tệp “{display}” bị hỏng hoặc không mở được như {kind.label}.") from exc
    finally:
        stream.seek(0)
    return CheckedUpload(
        original_name=display,
        content_type=kind.mime,
        extension=kind.extension,
        size=size,
        sha256=digest.hexdigest(),
    )


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def _looks_like_docx(stream: IO[bytes]) -> bool:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    finally:
        stream.seek(0)
    return "word/document.xml" in names


def _check_structure(kind: Kind, stream: IO[bytes]) -> None:
    stream.seek(0)
    if kind.mime == "application/pdf":
        _check_pdf(stream)
    elif kind.mime == DOCX_MIME:
        _check_docx(stream)
    else:
        _check_image(stream, kind)


def _check_pdf(stream: IO[bytes]) -> None:
    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted:
            raise UploadRejected("Tệp PDF có mật khẩu: hãy gửi bản không đặt mật khẩu để đơn vị nhận đọc được.")
        if len(reader.pages) < 1:
            raise UploadRejected("Tệp PDF không có trang nào.")
    except PdfReadError as exc:
        raise UploadRejected("Tệp PDF bị hỏng hoặc không đọc được.") from exc


def _check_docx(stream: IO[bytes]) -> None:
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise UploadRejected("Tệp Word không đúng cấu trúc .docx (thiếu nội dung văn bản).")
            if len(infos) > DOCX_MAX_MEMBERS or sum(i.file_size for i in infos) > DOCX_MAX_UNCOMPRESSED:
                raise UploadRejected("Tệp Word có cấu trúc bất thường (dung lượng giải nén quá lớn).")
            if any(i.flag_bits & 0x1 for i in infos):
                raise UploadRejected("Tệp Word được mã hóa: hãy gửi bản không đặt mật khẩu.")
            # Read the body for real: a broken deflate stream fails here, not in the reviewer's Word.
            with archive.open("word/document.xml") as body:
                while body.read(_CHUNK):
                    pass
    except zipfile.BadZipFile as exc:
        raise UploadRejected("Tệp Word bị hỏng (không mở được như tệp .docx).") from exc


def _check_image(stream: IO[bytes], kind: Kind) -> None:
    data = stream.read()
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise UploadRejected("Ảnh có kích thước điểm ảnh quá lớn.")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise UploadRejected(f"Tệp {kind.label} bị hỏng hoặc không mở được.") from exc
