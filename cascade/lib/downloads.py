"""The one response for serving a stored file (evidence, a document's original, a generated PDF).

    from cascade.lib.downloads import file_download

    def attachment_download(request, pk):
        attachment = get_visible_or_404(request.user, Attachment, pk=pk)   # the permission check first
        return file_download(attachment.file, filename=attachment.original_name,
                             content_type=attachment.content_type)

Every file goes out with the same strict headers (`STRICT_HEADERS`): never cached by shared caches
(`Cache-Control: private, no-store`), never sniffed into another type (`nosniff`), sandboxed by its
own Content-Security-Policy (so an uploaded HTML or SVG cannot run script on our origin even when
opened directly), and not embeddable by other sites. Only PDFs and images are shown inline;
everything else is downloaded as `application/octet-stream`. The name is offered per RFC 6266:
an ASCII `filename="…"` for old clients and the real (Vietnamese) name as RFC 5987 `filename*`.
Without `content_type` the type comes from the stored name's extension, which `validate_upload`
chose from the file's content.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from cascade.lib.uploads import clean_name, content_type_for

INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
STRICT_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # 'unsafe-inline' styles only for the browser's own PDF/image viewer page; no script, no plugin.
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    "Cache-Control": "private, no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
}
FALLBACK_NAME = "tep-tai-ve"
# RFC 5987 attr-char, besides letters and digits (which `quote` always keeps).
_ATTR_CHARS = "!#$&+-.^_`|~"


def file_download(field: FieldFile, *, filename: str, content_type: str | None = None) -> FileResponse:
    """Stream `field` with the strict header set; 404 when there is no file or it is gone from storage."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    content_type = content_type or content_type_for(field.name or "")
    inline = content_type in INLINE_TYPES
    response = FileResponse(handle, content_type=content_type if inline else "application/octet-stream")
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    for header, value in STRICT_HEADERS.items():
        response[header] = value
    return response


def content_disposition(filename: str, *, inline: bool) -> str:
    """`inline|attachment; filename="ASCII"[; filename*=UTF-8''percent-encoded]` (RFC 6266 / 5987)."""
    name = clean_name(filename) or FALLBACK_NAME
    ascii_name = _ascii_fallback(name)
    header = f'{"inline" if inline else "attachment"}; filename="{ascii_name}"'
    if ascii_name != name:
        header += f"; filename*=UTF-8''{quote(name, safe=_ATTR_CHARS)}"
    return header


def _ascii_fallback(name: str) -> str:
    """The name in ASCII for old clients: Báo cáo Đảng ủy.pdf → Bao cao Dang uy.pdf (the rest is dropped)."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = " ".join(_ascii(stem).split()).strip(" .") or FALLBACK_NAME
    ext = _ascii(ext).replace(" ", "")
    return f"{stem}.{ext}" if ext else stem


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in folded if " " <= ch <= "~" and ch not in '"\\')
