"""The keys of `parse_document --json`, in order: an interface other tools read (issue 3)."""

JSON_KEYS = [
    "number",
    "symbol",
    "type",
    "type_code",
    "issuer",
    "place",
    "date",
    "date_precision",
    "subject",
    "references",
    "tasks",
    "recipients",
    "signer",
    "copy",
    "received",
]
