"""Serving stored files safely (attachments, source documents, generated PDFs).

    from cascade.lib.downloads import file_download

    def attachment_download(request, pk):
        attachment = get_visible_or_404(request.user, Attachment, pk=pk)   # the permission check
        return file_download(attachment.file, filename=attachment.original_name,
                             content_type=attachment.content_type)

The response is never cached by shared caches, never sniffed into another type, and sandboxed by its
own Content-Security-Policy, so an uploaded HTML or SVG cannot run script on our origin even when
opened directly. Only PDFs and images are shown inline; everything else is downloaded.
"""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from cascade.lib.uploads import clean_name

INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


def file_download(
    field: FieldFile, *, filename: str, content_type: str = "application/octet-stream", inline: bool = True
) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    show_inline = inline and content_type in INLINE_TYPES
    response = FileResponse(
        handle,
        as_attachment=not show_inline,
        filename=clean_name(filename) or "tep-tai-ve",
        content_type=content_type if show_inline else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
