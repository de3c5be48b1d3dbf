"""Tesseract, one page at a time: orientation (OSD), then one pass giving TSV words and a PDF page.

The `tesseract` binary with the `vie` and `osd` data (Debian `tesseract-ocr`, `tesseract-ocr-vie`)
is run through subprocess. OMP_THREAD_LIMIT=1: on a small shared machine Tesseract's OpenMP
threads fight each other and every other process; one page per process is faster overall.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from directives.parsing.extract import ExtractionError

LANGUAGE = "vie"
PAGE_TIMEOUT_SECONDS = 300
# OSD reads the page at half resolution: as sure of the orientation, ~40 % faster.
_OSD_SCALE = 2
# Below this OSD confidence the page is left as it is (a blank page or a photo gives noise).
_OSD_MIN_CONFIDENCE = 2.0
_ROTATE = re.compile(r"^Rotate:\s*(\d+)", re.MULTILINE)
_CONFIDENCE = re.compile(r"^Orientation confidence:\s*([\d.]+)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class TsvWord:
    text: str
    conf: float
    block: int
    paragraph: int
    line: int


@dataclass(frozen=True, slots=True)
class PageResult:
    """One OCR'd page: its words in reading order, its searchable PDF page, the rotation applied."""

    words: tuple[TsvWord, ...]
    pdf: bytes
    rotated: int


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def _run(args: list[str], *, what: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        return subprocess.run(
            ["tesseract", *args], capture_output=True, timeout=PAGE_TIMEOUT_SECONDS, env=env, check=False
        )
    except FileNotFoundError as exc:
        raise ExtractionError("Máy chủ chưa cài Tesseract OCR nên chưa đọc được bản quét; báo quản trị viên.") from exc
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError(f"Nhận dạng chữ {what} quá lâu; hãy gửi bản quét rõ hơn hoặc ít trang hơn.") from exc


def _save(image: Image.Image, path: Path) -> int:
    dpi = int(image.info.get("dpi", (300, 300))[0]) or 300
    # compress_level=1: PNG's default level spends seconds per 300-dpi page for a file deleted next.
    image.save(path, "PNG", compress_level=1, dpi=(dpi, dpi))
    return dpi


def detect_rotation(image: Image.Image, workdir: Path) -> int:
    """Degrees (0/90/180/270, counter-clockwise) that turn the page upright, by Tesseract OSD."""
    small = image.reduce(_OSD_SCALE) if min(image.size) > 1200 else image
    small.info["dpi"] = tuple(int(d) // _OSD_SCALE for d in image.info.get("dpi", (300, 300)))
    path = workdir / "osd.png"
    dpi = _save(small, path)
    done = _run([str(path), "-", "--psm", "0", "--dpi", str(dpi)], what="hướng trang")
    out = done.stdout.decode("utf-8", "replace")
    rotate, confidence = _ROTATE.search(out), _CONFIDENCE.search(out)
    if done.returncode != 0 or not rotate or not confidence:
        return 0  # "Too few characters": blank or noise; nothing to turn
    if float(confidence.group(1)) < _OSD_MIN_CONFIDENCE:
        return 0
    return int(rotate.group(1)) % 360


def ocr_page(image: Image.Image, *, page: int) -> tuple[PageResult, Image.Image]:
    """Orientation, then one Tesseract pass writing `page.tsv` and `page.pdf`; and the upright image."""
    with tempfile.TemporaryDirectory(prefix="cascade-ocr-") as tmp:
        workdir = Path(tmp)
        rotated = detect_rotation(image, workdir)
        if rotated:
            # OSD's "Rotate: 90" means turn the image 90° clockwise; PIL turns counter-clockwise.
            dpi = image.info.get("dpi")
            image = image.rotate(-rotated, expand=True)
            image.info["dpi"] = dpi
        source = workdir / "page.png"
        dpi = _save(image, source)
        done = _run(
            [str(source), str(workdir / "page"), "--dpi", str(dpi), "-l", LANGUAGE, "tsv", "pdf"],
            what=f"trang {page}",
        )
        tsv, pdf = workdir / "page.tsv", workdir / "page.pdf"
        if done.returncode != 0 or not tsv.exists() or not pdf.exists():
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise ExtractionError(f"Không nhận dạng được chữ ở trang {page} ({message[0][:120]}).")
        return PageResult(words=parse_tsv(tsv.read_text("utf-8")), pdf=pdf.read_bytes(), rotated=rotated), image


def parse_tsv(tsv: str) -> tuple[TsvWord, ...]:
    """Word rows (level 5) with text, in Tesseract's reading order."""
    words: list[TsvWord] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5":
            continue
        text = (row.get("text") or "").strip()
        if not text:
            continue
        words.append(
            TsvWord(
                text=text,
                conf=max(0.0, float(row.get("conf") or 0)),
                block=int(row["block_num"]),
                paragraph=int(row["par_num"]),
                line=int(row["line_num"]),
            )
        )
    return tuple(words)
