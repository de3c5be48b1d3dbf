"""Command-line entry: parse a .txt/.docx/.pdf file (or stdin) and print the JSON.

python -m directives.parsing.cli path/to/file.docx
cat file.txt | python -m directives.parsing.cli -
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from directives.parsing.extract import extract_text
from directives.parsing.model import to_json_dict
from directives.parsing.parser import parse_document


def run(path_or_dash: str) -> dict[str, Any]:
    """Read a file path or stdin ("-") and return ``to_json_dict(parse_document(...))``."""
    if path_or_dash == "-":
        data = sys.stdin.buffer.read()
        name = "stdin"
    else:
        path = Path(path_or_dash)
        data = path.read_bytes()
        name = path.name
    return to_json_dict(parse_document(extract_text(data, name)))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m directives.parsing.cli PATH|-", file=sys.stderr)
        return 2
    print(json.dumps(run(args[0]), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
