"""Evidence on a completion report: which kinds of file it may carry and how many.

Each file is checked by `cascade.lib.uploads.validate_upload` (content-sniffed type, size, zip
bombs and `../` paths inside a .docx, image pixel limits, …); this module is only the evidence
policy. The SHA-256 shown on the report is the one computed on the same pass, so it is the hash
of exactly the bytes stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError

from cascade.lib.uploads import ValidatedUpload, accept_attribute, validate_upload

EVIDENCE_KINDS = frozenset({"pdf", "docx", "jpg", "png"})
ACCEPT_ATTRIBUTE = accept_attribute(EVIDENCE_KINDS)
MAX_FILES_PER_REQUEST = 10
MAX_FILES_PER_REPORT = 30


def evidence_check(files: Sequence[Any], *, already_attached: int) -> tuple[list[ValidatedUpload], list[str]]:
    """The files that may go onto the draft, and a Vietnamese message for each one refused."""
    uploads: list[ValidatedUpload] = []
    errors: list[str] = []
    if len(files) > MAX_FILES_PER_REQUEST:
        errors.append(f"Mỗi lần chỉ tải lên tối đa {MAX_FILES_PER_REQUEST} tệp.")
        files = files[:MAX_FILES_PER_REQUEST]
    room = MAX_FILES_PER_REPORT - already_attached
    for index, file in enumerate(files):
        if index >= room:
            errors.append(f"Mỗi báo cáo có tối đa {MAX_FILES_PER_REPORT} tệp đính kèm.")
            break
        try:
            uploads.append(validate_upload(file, allowed=EVIDENCE_KINDS))
        except ValidationError as exc:
            errors.extend(exc.messages)
    return uploads, errors
