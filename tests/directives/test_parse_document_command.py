"""`manage.py parse_document PATH --json` prints what a careful reader finds in each seed."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command

from tests.directives.parsing.contract import JSON_KEYS
from tests.paths import SEEDS

KEYS = set(JSON_KEYS)


def _parse(name: str) -> dict:
    out = io.StringIO()
    call_command("parse_document", str(SEEDS / name), "--json", stdout=out)
    return json.loads(out.getvalue())


def _refs(result: dict) -> dict[str, dict]:
    return {ref["number"]: ref for ref in result["references"]}


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_key_is_always_present(name):
    assert set(_parse(name)) == KEYS


def test_seed_000_the_youth_union_letter():
    result = _parse("000_twdoan_cv_57.txt")
    assert (result["number"], result["type_code"], result["symbol"]) == (None, "CV", "CV/TWĐTN-BTG")
    assert (result["date"], result["date_precision"]) == ("2023-09-01", "month")
    assert _refs(result)["111-HD/BTGTW"]["relation"] == "based_on"
    assert {r["section"] for r in result["recipients"]} >= {"kinh_gui"}
    assert result["signer"]["name"] == "Nguyễn Minh Triết"


def test_seed_001_three_references_three_deadlines_and_the_signer():
    result = _parse("001_dongnai_btg_hd_57.txt")
    refs = _refs(result)
    assert set(refs) == {"57-KL/TW", "111-HD/BTGTW", "5763-CV/TU"}
    assert refs["111-HD/BTGTW"]["relation"] == "implements"
    assert refs["5763-CV/TU"]["date"] == "2023-08-24"
    assert [t["due"] for t in result["tasks"]] == ["2023-10-31", "2023-10-31", "2023-11-09"]
    assert result["tasks"][2]["kind"] == "before_date"
    assert result["tasks"][2]["requires"] == "report"
    assert result["signer"] == {
        "name": "Nguyễn Thị Hồng Trang",
        "capacity": "K/T TRƯỞNG BAN",
        "title": "PHÓ TRƯỞNG BAN",
    }


def test_seed_002_the_conclusion_its_copy_and_the_received_stamp():
    result = _parse("002_kl57_tw_saoluc_quangngai.txt")
    assert (result["number"], result["issuer"], result["date"]) == ("57-KL/TW", "Bộ Chính trị", "2023-06-15")
    assert result["copy"]["number"] == "658-BS/TU"
    assert result["copy"]["kind"] == "sao lục"
    assert result["copy"]["issuer"] == "Tỉnh ủy Quảng Ngãi"
    assert result["copy"]["date"] == "2023-07-03"
    assert (result["received"]["number"], result["received"]["date"]) == ("538", "2023-06-27")
    assert _refs(result)["16-KL/TW"]["date"] == "2012-02-14"


def test_seed_003_the_2017_guidance():
    result = _parse("003_btgduk_81hd_2017.txt")
    assert result["number"] == "81-HD/BTGDUK"
    assert result["subject"] == "Công tác thông tin đối ngoại năm 2017"
    refs = _refs(result)
    assert refs["26-HD/BTGTU"]["relation"] == "based_on"
    assert refs["26-HD/BTGTU"]["date"] == "2017-03-07"
    assert result["signer"]["name"] == "Lê Ngọc Hạnh"


def test_seed_004_the_trade_union_guidance():
    result = _parse("004_congdoan_dhqg_hd_57.txt")
    refs = _refs(result)
    assert refs["62-HD/BTGĐU"]["relation"] == "implements"
    assert refs["62-HD/BTGĐU"]["date"] == "2023-11-27"
    assert refs["28-CT/TU"]["date"] == "2023-10-16"
    assert result["tasks"][-1]["report_to"] == "Công đoàn ĐHQG-HCM"


def test_it_reads_stdin(monkeypatch):
    text = (SEEDS / "002_kl57_tw_saoluc_quangngai.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text), encoding="utf-8"))
    out = io.StringIO()
    call_command("parse_document", "-", "--json", stdout=out)
    assert json.loads(out.getvalue())["number"] == "57-KL/TW"


def test_it_reads_a_docx(tmp_path):
    import docx

    document = docx.Document()
    for line in (SEEDS / "002_kl57_tw_saoluc_quangngai.txt").read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "kl57.docx"
    document.save(path)
    out = io.StringIO()
    call_command("parse_document", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue())["number"] == "57-KL/TW"


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("parse_document", "/nonexistent/file.txt", "--json")


def test_bench_parse_prints_timings():
    out = io.StringIO()
    sys_stdout = sys.stdout
    sys.stdout = out  # the parser's benchmark prints with print()
    try:
        call_command("bench_parse", "--runs", "1")
    finally:
        sys.stdout = sys_stdout
    assert "seed/001_dongnai_btg_hd_57.txt" in out.getvalue()
