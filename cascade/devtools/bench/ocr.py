"""OCR benchmark: seconds per page (median, p95), peak memory, and the machine's load meanwhile.

Runs `directives.ingest.ingest` on each file as the worker does (render → OSD → one Tesseract
pass per page → merged searchable PDF). Wall-clock time, since Tesseract runs as a child
process; read it with the load average printed beside it (the machine is shared).
"""

from __future__ import annotations

import itertools
import os
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from directives.ingest import ingest

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_FILES = (ROOT / "tests" / "directives" / "ingest" / "corpus" / "101.pdf",)


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(files: Sequence[Path], *, dpi: int = 300, write: Callable[[str], None] = print) -> dict[str, float]:
    load_before = os.getloadavg()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    per_page: list[float] = []
    for path in files:
        marks: list[float] = []

        def mark(_done: int, _total: int, marks: list[float] = marks) -> None:
            marks.append(time.monotonic())

        ingested = ingest(path.read_bytes(), path.name, on_page=mark, dpi=dpi)
        pages = [later - earlier for earlier, later in itertools.pairwise(marks)]
        per_page.extend(pages)
        shown = ", ".join(f"{s:.1f}" for s in pages) or "—"
        write(f"{path.name}: {ingested.kind}, {ingested.pages} trang, {len(ingested.words)} chữ; s/trang: {shown}")
    load_after = os.getloadavg()
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime) / max(len(per_page), 1)
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = {
        "pages": float(len(per_page)),
        "median_s": statistics.median(per_page) if per_page else 0.0,
        "p95_s": p95(per_page) if per_page else 0.0,
        "peak_rss_python_mb": rss_self,
        "tesseract_cpu_s_per_page": cpu,
    }
    write(
        f"OCR {dpi} dpi, {len(per_page)} trang: median {summary['median_s']:.1f} s/trang, p95 {summary['p95_s']:.1f} s;"
        f" CPU của tesseract {cpu:.1f} s/trang; RSS đỉnh của Python {rss_self:.0f} MB"
        " (mỗi tiến trình tesseract thêm ~90 MB, đo bằng /usr/bin/time)"
    )
    write(
        "load average trước: {:.2f} {:.2f} {:.2f}; sau: {:.2f} {:.2f} {:.2f} ({} CPU)".format(
            *load_before, *load_after, os.cpu_count() or 0
        )
    )
    return summary
