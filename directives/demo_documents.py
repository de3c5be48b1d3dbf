"""The demo's documents: the five seeds plus one current plan, with who must do what.

Fields the seed texts do not carry (the unit guidance 001 and 004 have no number or date in the
converted text) are filled in as the logging staff would from the paper original; they are marked
"demo value" below. Recipients are resolved to the demo organisations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from directives.models import DeadlineKind, Document, DocumentType, Organization, Reference, Task
from directives.services import (
    AssigneeInput,
    CopyInput,
    DocumentInput,
    ReferenceInput,
    TaskInput,
)

D = dt.date
R = Reference.Relation

DONG_NAI_UNITS = (
    "hu-bienhoa",
    "hu-longkhanh",
    "hu-trangbom",
    "hu-nhontrach",
    "hu-dinhquan",
    "duk-dongnai",
    "tinhdoan-dongnai",
)
DHQG_UNIONS = tuple(f"cd-dhqg-cs-{i:02d}" for i in range(1, 8))


@dataclass(frozen=True)
class DemoDocument:
    seed: str | None
    data: DocumentInput


def demo_documents(*, orgs: dict[str, Organization], today: dt.date, seeds_dir: Path) -> Iterator[DemoDocument]:
    def text(name: str) -> str:
        return (seeds_dir / name).read_text(encoding="utf-8")

    def to(codes: tuple[str, ...], due: dt.date | None) -> list[AssigneeInput]:
        return [AssigneeInput(unit=orgs[c], due_on=due) for c in codes]

    yield DemoDocument(
        "002_kl57_tw_saoluc_quangngai.txt",
        DocumentInput(
            number="57-KL/TW",
            symbol="KL/TW",
            doc_type=DocumentType.KL,
            issuer=orgs["bct"],
            issuer_name="Bộ Chính trị",
            place="Hà Nội",
            issued_on=D(2023, 6, 15),
            subject="về tiếp tục nâng cao chất lượng, hiệu quả công tác thông tin đối ngoại trong tình hình mới",
            signer_name="Trương Thị Mai",
            signer_capacity="T/M BỘ CHÍNH TRỊ",
            text=text("002_kl57_tw_saoluc_quangngai.txt"),
            references=[ReferenceInput("16-KL/TW", R.MENTIONS, D(2012, 2, 14), orgs["bct"])],
            tasks=[
                TaskInput(
                    text="Cấp uỷ, tổ chức đảng các cấp quán triệt, xây dựng chương trình, kế hoạch, tổ chức thực hiện "
                    "nghiêm Kết luận này.",
                    requires=Task.Requires.DOCUMENT,
                    deadline_kind=DeadlineKind.ONGOING,
                    assignees=to(("tu-dongnai", "tu-quangngai", "tu-hcm"), None),
                )
            ],
            copy=CopyInput(
                number="658-BS/TU",
                kind="sao lục",
                issuer=orgs["tu-quangngai"],
                issuer_name="Tỉnh ủy Quảng Ngãi",
                place="Quảng Ngãi",
                issued_on=D(2023, 7, 3),
                signer_name="Nguyễn Thị Ngọc Bích",
                signer_capacity="T/L BAN THƯỜNG VỤ",
                signer_title="PHÓ CHÁNH VĂN PHÒNG",
                received_number="538",
                received_on=D(2023, 6, 27),
            ),
        ),
    )
    yield DemoDocument(
        "000_twdoan_cv_57.txt",
        DocumentInput(
            number=None,
            symbol="CV/TWĐTN-BTG",
            doc_type=DocumentType.CV,
            issuer=orgs["twd"],
            issuer_name="Ban Bí thư Trung ương Đoàn",
            place="Hà Nội",
            issued_on=D(2023, 9, 1),
            date_precision=Document.DatePrecision.MONTH,
            subject="V/v nghiên cứu, học tập, quán triệt, tuyên truyền và triển khai thực hiện Kết luận số 57-KL/TW "
            "của Bộ Chính trị về tiếp tục nâng cao chất lượng, hiệu quả công tác thông tin đối ngoại trong "
            "tình hình mới",
            signer_name="Nguyễn Minh Triết",
            signer_capacity="TM. BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN",
            signer_title="BÍ THƯ",
            text=text("000_twdoan_cv_57.txt"),
            references=[
                ReferenceInput("111-HD/BTGTW", R.BASED_ON, D(2023, 8, 11), orgs["btgtw"]),
                ReferenceInput("57-KL/TW", R.MENTIONS, D(2023, 6, 15), orgs["bct"]),
            ],
            tasks=[
                TaskInput(
                    text="Các tỉnh, thành đoàn, đoàn trực thuộc và các cơ quan báo chí của Đoàn căn cứ công văn triển "
                    "khai thực hiện nghiên cứu, học tập, quán triệt, tuyên truyền Kết luận 57-KL/TW.",
                    requires=Task.Requires.ACTION,
                    deadline_kind=DeadlineKind.ONGOING,
                    assignees=to(
                        (
                            "tinhdoan-dongnai",
                            "tinhdoan-quangngai",
                            "thanhdoan-hcm",
                            "twd-baochi",
                            "twd-congthongtin",
                        ),
                        None,
                    ),
                )
            ],
        ),
    )
    yield DemoDocument(
        "001_dongnai_btg_hd_57.txt",
        DocumentInput(
            number=None,
            symbol="HD/BTGTU",
            doc_type=DocumentType.HD,
            issuer=orgs["btg-dongnai"],
            issuer_name="Ban Tuyên giáo Tỉnh ủy Đồng Nai",
            place="Đồng Nai",
            issued_on=D(2023, 9, 12),  # demo value: the converted text lost its header
            subject="Nghiên cứu, học tập, quán triệt, tuyên truyền và triển khai thực hiện Kết luận số 57-KL/TW "
            "ngày 15/6/2023 của Bộ Chính trị về “Tiếp tục nâng cao chất lượng, hiệu quả công tác thông tin "
            "đối ngoại trong tình hình mới”",
            signer_name="Nguyễn Thị Hồng Trang",
            signer_capacity="K/T TRƯỞNG BAN",
            signer_title="PHÓ TRƯỞNG BAN",
            text=text("001_dongnai_btg_hd_57.txt"),
            references=[
                ReferenceInput("111-HD/BTGTW", R.IMPLEMENTS, D(2023, 8, 11), orgs["btgtw"]),
                ReferenceInput("5763-CV/TU", R.IMPLEMENTS, D(2023, 8, 24), orgs["tu-dongnai"]),
                ReferenceInput("57-KL/TW", R.MENTIONS, D(2023, 6, 15), orgs["bct"]),
            ],
            primary_parent_number="5763-CV/TU",
            tasks=[
                TaskInput(
                    text="Tổ chức nghiên cứu, học tập, quán triệt, tuyên truyền và triển khai Kết luận số "
                    "57-KL/TW với các hình thức phù hợp cho từng đối tượng cụ thể ở cơ sở.",
                    deadline_text="Trong tháng 10/2023",
                    deadline_kind=DeadlineKind.WITHIN_MONTH,
                    due_on=D(2023, 10, 31),
                    requires=Task.Requires.ACTION,
                    assignees=to(DONG_NAI_UNITS, D(2023, 10, 31)),
                ),
                TaskInput(
                    text="Xây dựng và ban hành chương trình, kế hoạch nghiên cứu, học tập, quán triệt, tuyên "
                    "truyền và triển khai thực hiện Kết luận số 57-KL/TW.",
                    deadline_text="Trong tháng 10/2023",
                    deadline_kind=DeadlineKind.WITHIN_MONTH,
                    due_on=D(2023, 10, 31),
                    requires=Task.Requires.DOCUMENT,
                    assignees=to(DONG_NAI_UNITS, D(2023, 10, 31)),
                ),
                TaskInput(
                    text="Báo cáo kết quả nghiên cứu, học tập, quán triệt, tuyên truyền và triển khai thực hiện "
                    "Kết luận số 57-KL/TW về Ban Tuyên giáo Tỉnh ủy.",
                    deadline_text="trước ngày 10/11/2023",
                    deadline_kind=DeadlineKind.BEFORE_DATE,
                    due_on=D(2023, 11, 9),
                    requires=Task.Requires.REPORT,
                    report_to=orgs["btg-dongnai"],
                    assignees=to(DONG_NAI_UNITS, D(2023, 11, 9)),
                ),
            ],
        ),
    )
    yield DemoDocument(
        "003_btgduk_81hd_2017.txt",
        DocumentInput(
            number="81-HD/BTGDUK",
            symbol="HD/BTGDUK",
            doc_type=DocumentType.HD,
            issuer=orgs["btg-duk-hcm"],
            issuer_name="Ban Tuyên giáo Đảng ủy Khối",
            place="Thành phố Hồ Chí Minh",
            issued_on=D(2017, 3, 20),  # demo value: the converted text has no date line
            subject="Công tác thông tin đối ngoại năm 2017",
            signer_name="Lê Ngọc Hạnh",
            signer_title="TRƯỞNG BAN",
            text=text("003_btgduk_81hd_2017.txt"),
            references=[
                ReferenceInput("26-HD/BTGTU", R.BASED_ON, D(2017, 3, 7), orgs["btg-hcm"]),
                ReferenceInput("16-KL/TW", R.MENTIONS, D(2012, 2, 14), orgs["bct"]),
                ReferenceInput("26-CT/TW", R.MENTIONS, None, None, "Ban Bí thư"),
                ReferenceInput("21/CT-TTg", R.MENTIONS, None, None, "Thủ tướng Chính phủ"),
            ],
            tasks=[
                TaskInput(
                    text="Các Đảng ủy, Chi ủy cơ sở lãnh đạo đơn vị tiếp tục quán triệt các nội dung chủ yếu "
                    "của Chỉ thị số 26-CT/TW và triển khai hiệu quả các nhiệm vụ thông tin đối ngoại "
                    "theo Kết luận 16-KL/TW.",
                    deadline_text="năm 2017",
                    deadline_kind=DeadlineKind.WITHIN_YEAR,
                    due_on=D(2017, 12, 31),
                    assignees=to(tuple(f"duk-hcm-cs-{i:02d}" for i in range(1, 5)), D(2017, 12, 31)),
                )
            ],
        ),
    )
    yield DemoDocument(
        "004_congdoan_dhqg_hd_57.txt",
        DocumentInput(
            number=None,
            symbol="HD/CĐ",
            doc_type=DocumentType.HD,
            issuer=orgs["cd-dhqg"],
            issuer_name="Ban Thường vụ Công đoàn Đại học Quốc gia Thành phố Hồ Chí Minh",
            place="Thành phố Hồ Chí Minh",
            issued_on=D(2023, 12, 8),  # demo value
            subject="Nghiên cứu, học tập, quán triệt, tuyên truyền và triển khai thực hiện Kết luận số 57-KL/TW của "
            "Bộ Chính trị về tiếp tục nâng cao chất lượng, hiệu quả công tác thông tin đối ngoại trong tình "
            "hình mới",
            text=text("004_congdoan_dhqg_hd_57.txt"),
            references=[
                ReferenceInput("62-HD/BTGĐU", R.IMPLEMENTS, D(2023, 11, 27), orgs["btg-dhqg"]),
                ReferenceInput("57-KL/TW", R.MENTIONS, D(2023, 6, 15), orgs["bct"]),
                ReferenceInput("28-CT/TU", R.MENTIONS, D(2023, 10, 16), orgs["tu-hcm"]),
                ReferenceInput("24-NQ/TW", R.MENTIONS, D(2022, 10, 7), orgs["bct"]),
                ReferenceInput("31-NQ/TW", R.MENTIONS, D(2022, 12, 30), orgs["bct"]),
                ReferenceInput("98/2023/QH15", R.MENTIONS, None, None, "Quốc hội"),
            ],
            tasks=[
                TaskInput(
                    text="Các Công đoàn cơ sở xây dựng văn bản triển khai công tác thông tin đối ngoại tại đơn "
                    "vị, đảm bảo tính khả thi, thiết thực, phù hợp tình hình thực tiễn cơ sở.",
                    requires=Task.Requires.DOCUMENT,
                    deadline_text="trong tháng 12/2023",
                    deadline_kind=DeadlineKind.WITHIN_MONTH,
                    due_on=D(2023, 12, 31),  # demo value
                    assignees=to(DHQG_UNIONS, D(2023, 12, 31)),
                ),
                TaskInput(
                    text="Định kỳ sơ kết, tổng kết thực hiện, báo cáo về Công đoàn ĐHQG-HCM.",
                    requires=Task.Requires.REPORT,
                    deadline_text="định kỳ",
                    deadline_kind=DeadlineKind.ONGOING,
                    report_to=orgs["cd-dhqg"],
                    assignees=to(DHQG_UNIONS, None),
                ),
            ],
        ),
    )
    yield DemoDocument(None, _current_plan(orgs=orgs, today=today, to=to))


def _current_plan(*, orgs: dict[str, Organization], today: dt.date, to: object) -> DocumentInput:
    """A plan issued three weeks ago, so the demo has work due soon and not yet due."""
    assert callable(to)
    issued = today - dt.timedelta(days=21)
    plan_due = today - dt.timedelta(days=4)
    report_due = today + dt.timedelta(days=2)
    month_end = (today.replace(day=28) + dt.timedelta(days=35)).replace(day=1) - dt.timedelta(days=1)
    return DocumentInput(
        number="150-KH/BTGTU",
        symbol="KH/BTGTU",
        doc_type=DocumentType.KH,
        issuer=orgs["btg-dongnai"],
        issuer_name="Ban Tuyên giáo Tỉnh ủy Đồng Nai",
        place="Đồng Nai",
        issued_on=issued,
        subject="Sơ kết 3 năm thực hiện Kết luận số 57-KL/TW của Bộ Chính trị về tiếp tục nâng cao chất lượng, "
        "hiệu quả công tác thông tin đối ngoại trong tình hình mới",
        signer_name="Nguyễn Thị Hồng Trang",
        signer_capacity="K/T TRƯỞNG BAN",
        signer_title="PHÓ TRƯỞNG BAN",
        references=[ReferenceInput("57-KL/TW", R.IMPLEMENTS, D(2023, 6, 15), orgs["bct"])],
        tasks=[
            TaskInput(
                text="Xây dựng kế hoạch sơ kết 3 năm thực hiện Kết luận số 57-KL/TW tại địa phương, đơn vị.",
                requires=Task.Requires.DOCUMENT,
                deadline_text=f"chậm nhất ngày {plan_due:%d/%m/%Y}",
                deadline_kind=DeadlineKind.BY_DATE,
                due_on=plan_due,
                assignees=to(DONG_NAI_UNITS, plan_due),
            ),
            TaskInput(
                text="Báo cáo sơ kết 3 năm thực hiện Kết luận số 57-KL/TW về Ban Tuyên giáo Tỉnh ủy.",
                requires=Task.Requires.REPORT,
                report_to=orgs["btg-dongnai"],
                deadline_text=f"chậm nhất ngày {report_due:%d/%m/%Y}",
                deadline_kind=DeadlineKind.BY_DATE,
                due_on=report_due,
                assignees=to(DONG_NAI_UNITS, report_due),
            ),
            TaskInput(
                text="Tổ chức hội nghị sơ kết, biểu dương tập thể, cá nhân có thành tích trong công tác thông "
                "tin đối ngoại.",
                requires=Task.Requires.ACTION,
                deadline_text=f"trong tháng {month_end:%m/%Y}",
                deadline_kind=DeadlineKind.WITHIN_MONTH,
                due_on=month_end,
                assignees=to(DONG_NAI_UNITS, month_end),
            ),
        ],
    )
