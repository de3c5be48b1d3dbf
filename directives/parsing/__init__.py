"""Pure Vietnamese document parser: plain text in, frozen dataclasses out.

    >>> from directives.parsing import parse_document, to_json_dict
    >>> to_json_dict(parse_document(text))["number"]
"""

from __future__ import annotations

from directives.parsing.deadlines import Deadline, DeadlineKind, next_occurrence, parse_deadline
from directives.parsing.model import (
    CopyInfo,
    ParseConfig,
    ParsedDocument,
    Received,
    Recipient,
    Reference,
    Signer,
    Span,
    Task,
    to_json_dict,
)
from directives.parsing.orgs import OrgCandidate, OrgMatch, fold, match_organization
from directives.parsing.parser import _parse, parse_document

__all__ = [
    "CopyInfo",
    "Deadline",
    "DeadlineKind",
    "OrgCandidate",
    "OrgMatch",
    "ParseConfig",
    "ParsedDocument",
    "Received",
    "Recipient",
    "Reference",
    "Signer",
    "Span",
    "Task",
    "fold",
    "match_organization",
    "next_occurrence",
    "parse_deadline",
    "parse_document",
    "to_json_dict",
]

del _parse  # internal; tests import it from directives.parsing.parser
