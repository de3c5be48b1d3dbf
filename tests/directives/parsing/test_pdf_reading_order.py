"""PDF text layers in reading order: the two-column header and closing come out as a reader sees
them — issuer and Số on the left before the motto and place-date, Nơi nhận before the signer —
whether the PDF draws them in layout order or each column (or the right one) first."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from directives.parsing import ParseConfig, parse_document, to_json_dict
from directives.parsing.extract import extract_text

CSS = """@page { size: A4; margin: 2cm }
body { font-family: 'Liberation Serif'; font-size: 12pt }
.row { display: flex } .row > div { text-align: center } .l { width: 42% } .r { width: 58% }
.abs { position: relative } .abs > div { position: absolute; top: 0 } .abs .l { left: 0 } .abs .r { left: 42% }
p { margin: 0 0 6pt 0; text-align: justify }"""
HEAD_L = "<b>ỦY BAN NHÂN DÂN<br>TỈNH ĐỒNG NAI</b><br>Số: 312/UBND-VX"
HEAD_R = (
    "<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</b>"
    "<br><i>Đồng Nai, ngày 14 tháng 7 năm 2021</i>"
)
BODY = """<p style="text-align:center"><b>CÔNG VĂN</b><br>V/v tăng cường tuyên truyền phòng, chống dịch</p>
<p>Kính gửi: Ban Tuyên giáo Tỉnh ủy Đồng Nai.</p>
<p>Thực hiện Chỉ thị số 15/CT-TTg ngày 27/3/2020 của Thủ tướng Chính phủ, Ủy ban nhân dân tỉnh đề nghị
các sở, ban, ngành tăng cường công tác tuyên truyền phòng, chống dịch bệnh trên địa bàn tỉnh, báo cáo
kết quả thực hiện về Ủy ban nhân dân tỉnh trước ngày 30/7/2021.</p>"""
CLOSE_L = "<b><i>Nơi nhận:</i></b><br>- Ban Tuyên giáo Tỉnh ủy;<br>- Sở Y tế;<br>- Lưu: VT, VX."
CLOSE_R = "<b>TM. ỦY BAN NHÂN DÂN<br>KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH</b><br><br><br><b>Nguyễn Thị Hoàng</b>"


def _row(left: str, right: str, *, order: str, height: str) -> str:
    cells = {"l": f'<div class="l">{left}</div>', "r": f'<div class="r">{right}</div>'}
    if order == "layout":  # one flex row: WeasyPrint draws each line of both cells in box order
        return f'<div class="row">{cells["l"]}{cells["r"]}</div>'
    # Absolutely positioned cells, the right one first in the document: drawn after the body,
    # right column before left — the stream order of many exported and portal-made PDFs.
    return f'<div class="abs" style="height:{height}">{cells["r"]}{cells["l"]}</div>'


def _pdf(order: str) -> bytes:
    head = _row(HEAD_L, HEAD_R, order=order, height="2.6cm")
    close = _row(CLOSE_L, CLOSE_R, order=order, height="4cm")
    return HTML(string=f"<html lang='vi'><style>{CSS}</style><body>{head}{BODY}<br>{close}</body></html>").write_pdf()


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {order: _pdf(order) for order in ("layout", "right-first")}


def test_the_right_first_pdf_really_draws_its_columns_out_of_order(pdfs: dict[str, bytes]) -> None:
    stream_order = _stream_text(pdfs["right-first"])
    assert stream_order.index("CÔNG VĂN") < stream_order.index("ỦY BAN NHÂN DÂN")
    assert stream_order.index("CỘNG HÒA") < stream_order.index("ỦY BAN NHÂN DÂN")
    assert stream_order.index("PHÓ CHỦ TỊCH") < stream_order.index("Nơi nhận")


@pytest.mark.parametrize("order", ["layout", "right-first"])
def test_the_header_and_closing_columns_come_out_left_then_right(pdfs: dict[str, bytes], order: str) -> None:
    lines = extract_text(pdfs[order], "cv.pdf").splitlines()
    assert lines[:6] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH ĐỒNG NAI",
        "Số: 312/UBND-VX",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Đồng Nai, ngày 14 tháng 7 năm 2021",
    ]
    assert lines[-8:] == [
        "Nơi nhận:",
        "- Ban Tuyên giáo Tỉnh ủy;",
        "- Sở Y tế;",
        "- Lưu: VT, VX.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Thị Hoàng",
    ]


def test_the_parser_reads_the_same_fields_in_both_orders(pdfs: dict[str, bytes]) -> None:
    def fields(order: str) -> dict[str, object]:
        text = extract_text(pdfs[order], "cv.pdf")
        data = to_json_dict(parse_document(text, config=ParseConfig(reference_date=dt.date(2021, 7, 20))))
        return {k: data[k] for k in ("number", "issuer", "date", "signer", "recipients", "references")}

    layout = fields("layout")
    assert layout["number"] == "312/UBND-VX"
    assert layout["date"] == "2021-07-14"
    assert "ĐỒNG NAI" in str(layout["issuer"]).upper()
    assert "Nguyễn Thị Hoàng" in str(layout["signer"])
    assert "Sở Y tế" in str(layout["recipients"])
    assert fields("right-first") == layout


def _stream_text(data: bytes) -> str:
    import io

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
