"""Pure Vietnamese document parser: plain text in, frozen dataclasses out.

    from directives.parsing import ParseConfig, parse_document, to_json_dict

    parsed = parse_document(text, config=ParseConfig(reference_date=today))
    data = to_json_dict(parsed)      # the JSON contract (see model.to_json_dict)
    parsed.warnings                  # Vietnamese notes for the preview screen
    parsed.span_of("issuer")         # (start, end) into parsed.text, for highlighting

Modules: vntext (normalisation, folding, title case), dates, deadlines (phrase -> due date,
RRULEs), grammar (numbers, types, organisation names, signature lines), layout (lines,
stamp, copy block), header, closing (signature, Nơi nhận), references, tasks, parser,
lead (headerless pages; number and Kính gửi readers), orgs (matching names to organisations),
extract (.txt/.docx/.pdf), evaluation, cli.

Import rule (tests/test_architecture.py): nothing here imports Django, even indirectly.
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
from directives.parsing.parser import parse_document

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
