"""The reports app's models: completion reports, the dashboard's roll-up tables, PDF registers and renders."""

from reports.models.completion import Attachment, CompletionReport
from reports.models.dashboard import DocumentRollup, UnitRollup
from reports.models.pdf import CommitteeTerm, OutgoingDocument, OutgoingRegister, RenderedReport

__all__ = [
    "Attachment",
    "CommitteeTerm",
    "CompletionReport",
    "DocumentRollup",
    "OutgoingDocument",
    "OutgoingRegister",
    "RenderedReport",
    "UnitRollup",
]
