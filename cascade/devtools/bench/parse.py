"""Parse-time and accuracy benchmark: ``python -m cascade.devtools.bench.parse``.

Prints the median parse time (CPU time, robust on a busy machine) of every seed and sample
document, the field accuracy of the samples against their expected JSON, and the time for a
synthetic 20-page document.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from directives.parsing.evaluation import field_scores
from directives.parsing.model import to_json_dict
from directives.parsing.parser import parse_document

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "cascade" / "devtools" / "demo" / "seeds"
SAMPLES = ROOT / "tests" / "directives" / "parsing" / "samples"


def median_ms(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()
        func()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def synthetic_document(pages: int = 20) -> str:
    """A ~20-page document (~3,000 characters a page) built from the real seed texts.

    The header and closing of seed 001 wrap body paragraphs taken from all seeds, repeated
    with renumbered items, so the grammar sees real prose, references and deadlines.
    """
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    paragraphs = [
        line.strip()
        for text in texts
        for line in text.splitlines()
        if len(line.strip()) > 120 and not line.strip().startswith(("Nơi", "-"))
    ]
    head = (
        "TỈNH ỦY ĐỒNG NAI\nBAN TUYÊN GIÁO\n*\nSố 120-HD/BTGTU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
        "Đồng Nai, ngày 05 tháng 9 năm 2024\nHƯỚNG DẪN\nTuyên truyền kỷ niệm các ngày lễ lớn\n"
        "Thực hiện Hướng dẫn số 150-HD/BTGTW ngày 20/8/2024 của Ban Tuyên giáo Trung ương, "
        "Ban Tuyên giáo Tỉnh ủy hướng dẫn như sau:\nI. NỘI DUNG\n"
    )
    body: list[str] = []
    size = len(head)
    number = 0
    while size < pages * 3000:
        number += 1
        paragraph = paragraphs[number % len(paragraphs)]
        item = f"{number}. {paragraph}\nThời gian hoàn thành: trước ngày {1 + number % 28}/11/2024.\n"
        body.append(item)
        size += len(item)
    tail = "\n".join(("Nơi nhận:", "- Ban Tuyên giáo TW (b/c),", "- Lưu VT.", "K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"))
    tail += "\nNguyễn Văn An\n"
    return head + "".join(body) + tail


def main(runs: int = 15) -> None:
    print(f"{'document':48} {'ms':>8}")
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        print(f"{'seed/' + path.name:48} {median_ms(partial(parse_document, text), runs):8.2f}")
    matching = total = 0
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        ms = median_ms(partial(parse_document, text), runs)
        expected_path = path.with_name(path.stem + ".expected.json")
        note = ""
        if expected_path.exists():
            expected = json.loads(expected_path.read_text(encoding="utf-8"))
            good, count = field_scores(to_json_dict(parse_document(text)), expected)
            matching, total = matching + good, total + count
            note = f"  fields {good}/{count}"
        print(f"{'sample/' + path.name:48} {ms:8.2f}{note}")
    if total:
        print(f"sample field accuracy: {matching}/{total} = {100 * matching / total:.1f}%")
    big = synthetic_document()
    ms = median_ms(partial(parse_document, big), max(3, runs // 3))
    print(f"synthetic 20-page document ({len(big):,} chars): {ms:.2f} ms")


if __name__ == "__main__":
    main()
