"""Scanned fixtures made on the spot: a short Vietnamese directive printed in Liberation Serif
(fonts-liberation2, installed by `make system-deps`), as a page image with no text layer.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
BOLD = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf")

LINES = (
    ("bold", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"),
    ("plain", "Số: 12/CT-UBND"),
    ("plain", "Quảng Ngãi, ngày 15 tháng 4 năm 2020"),
    ("bold", "CHỈ THỊ"),
    ("bold", "Về việc triển khai nộp thuế điện tử"),
    ("plain", "Thực hiện Quyết định số 2545/QĐ-TTg ngày 30/12/2016 của Thủ tướng"),
    ("plain", "Chính phủ, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các sở, ngành:"),
    ("plain", "1. Cục Thuế tỉnh báo cáo kết quả trước ngày 30/6/2020."),
    ("bold", "CHỦ TỊCH"),
    ("bold", "Trần Ngọc Căng"),
)
# A guidance of the test tree's province (tests/conftest.py), so the staff persona may log it.
DONG_NAI = (
    ("bold", "BAN TUYÊN GIÁO TỈNH ỦY ĐỒNG NAI"),
    ("plain", "Số 18-HD/BTGTU"),
    ("plain", "Đồng Nai, ngày 12 tháng 9 năm 2023"),
    ("bold", "HƯỚNG DẪN"),
    ("bold", "Tuyên truyền Kết luận số 57-KL/TW"),
    ("plain", "1. Các huyện ủy báo cáo kết quả trước ngày 10/11/2023."),
    ("plain", "Nơi nhận:"),
    ("plain", "- Huyện ủy Trảng Bom (để thực hiện),"),
    ("plain", "- Lưu VT."),
    ("bold", "PHÓ TRƯỞNG BAN"),
    ("bold", "Nguyễn Thị Hồng Trang"),
)
DPI = 300


def page_image(*, blank: bool = False, lines: tuple[tuple[str, str], ...] = LINES) -> Image.Image:
    """A page at 300 dpi with 13 pt text (what a scanner gives, without the noise)."""
    image = Image.new("L", (2000, 200 + 110 * len(lines)), 255)
    if blank:
        return image
    draw = ImageDraw.Draw(image)
    fonts = {"plain": ImageFont.truetype(str(FONT), 54), "bold": ImageFont.truetype(str(BOLD), 54)}
    y = 80
    for style, line in lines:
        draw.text((100, y), line, font=fonts[style], fill=0)
        y += 110
    return image


def as_pdf(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=DPI)
    return buffer.getvalue()


def scanned_pdf(*, rotate: int = 0, blank: bool = False, lines: tuple[tuple[str, str], ...] = LINES) -> bytes:
    """The page as a scanner's PDF; `rotate` turns it counter-clockwise (a sheet fed sideways)."""
    image = page_image(blank=blank, lines=lines)
    if rotate:
        image = image.rotate(rotate, expand=True, fillcolor=255)
    return as_pdf(image)


def photo_jpeg() -> bytes:
    buffer = io.BytesIO()
    page_image().save(buffer, "JPEG", quality=90)
    return buffer.getvalue()
