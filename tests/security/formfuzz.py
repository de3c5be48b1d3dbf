"""Find every form and POST endpoint of the project, and the hostile values to post to them.

Endpoints are discovered, not listed: every route is fetched (with ids of objects the fuzzing persona
may see), each `<form method="post">` found is parsed for its fields, and routes that answer GET with
405 (POST-only views such as "remove", "mark read") are added with the fields their callers' forms use
or, failing that, with random field names.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import strategies as st

from tests.security.urlwalk import SEPARATE_NAMESPACES, Route, concrete_urls
from tests.security.world import World

# Posting to these ends or changes the fuzzing session itself, not a form worth fuzzing here.
SKIP_NAMES = {"logout", "set_language"}


@dataclass
class FieldSpec:
    kind: str  # text, select, checkbox, file, hidden, email, number, date, password, textarea…
    options: list[str] = field(default_factory=list)
    value: str = ""


@dataclass
class Endpoint:
    url: str
    route: str
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    multipart: bool = False
    anonymous: bool = False  # found on a page only a signed-out visitor gets (login, reset, accept)

    @property
    def has_files(self) -> bool:
        return any(f.kind == "file" for f in self.fields.values())


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {
                "method": a.get("method", "get").lower(),
                "action": a.get("action", ""),
                "enctype": a.get("enctype", ""),
                "fields": {},
            }
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text").lower()
            if kind not in ("submit", "button", "reset", "image"):
                self._form["fields"][name] = FieldSpec(kind, value=a.get("value", ""))
        elif tag == "textarea" and name:
            self._form["fields"][name] = FieldSpec("textarea")
        elif tag == "select" and name:
            self._form["fields"][name] = FieldSpec("select")
            self._select = name
        elif tag == "option" and self._select:
            self._form["fields"][self._select].options.append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def parse_post_forms(html: str, page_url: str) -> list[tuple[str, dict[str, FieldSpec], bool]]:
    parser = _FormParser()
    parser.feed(html)
    found = []
    for form in parser.forms:
        if form["method"] != "post":
            continue
        action = urlsplit(urljoin(page_url, form["action"] or page_url)).path
        found.append((action, form["fields"], "multipart" in form["enctype"]))
    return found


def discover_endpoints(*, client: Client, routes: list[Route], world: World) -> list[Endpoint]:
    """Forms seen by the signed-in `client`, then those only a signed-out visitor sees."""
    found = _discover(client, routes, world, anonymous=False)
    seen = {(e.url, frozenset(e.fields)) for e in found}
    for endpoint in _discover(Client(), routes, world, anonymous=True):
        if (endpoint.url, frozenset(endpoint.fields)) not in seen:  # e.g. sign-up form vs accept button
            found.append(endpoint)
    return sorted(found, key=lambda e: e.url)


def _discover(client: Client, routes: list[Route], world: World, *, anonymous: bool) -> list[Endpoint]:
    endpoints: dict[str, Endpoint] = {}
    post_only: list[tuple[str, str]] = []
    for route in routes:
        if route.namespace in SEPARATE_NAMESPACES or route.short_name in SKIP_NAMES:
            continue
        for url in concrete_urls(route, world):
            response = client.get(url)
            if response.status_code == 405:
                post_only.append((url, route.label))
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for action, fields, multipart in parse_post_forms(response.content.decode("utf-8", "replace"), url):
                try:
                    match = resolve(action)
                except Resolver404:
                    continue
                if match.url_name in SKIP_NAMES:
                    continue
                known = endpoints.setdefault(action, Endpoint(action, match.view_name, anonymous=anonymous))
                known.fields.update(fields)
                known.multipart = known.multipart or multipart
    for url, label in post_only:
        endpoints.setdefault(url, Endpoint(url, label, anonymous=anonymous))
    return list(endpoints.values())


# --- Hostile values ----------------------------------------------------------------------------

HOSTILE_TEXT = [
    "",
    " ",
    "' OR 1=1 --",
    "'; DROP TABLE directives_document; --",
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request.user.password }}",
    "{% debug %}",
    "${7*7}",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "\x00",
    "bình\x00thường",
    "\u202egpj.exe",
    "\r\nSet-Cookie: pwned=1",
    "A" * 5000,
    "Đ" * 300,
    "🤖" * 40,
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "31/02/2023",
    "2023-13-45",
    "00/00/0000",
    "900001",
    "800001",
    "null",
    "[]",
    "{}",
    "true",
    "admin",
    "leader",
    "x@y",
    "thư@ví-dụ.vn",
]

_text = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


HOSTILE_FILES: list[tuple[str, bytes]] = [
    ("bao-cao.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"),
    ("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 200),  # an .exe calling itself .pdf
    ("bao-cao.pdf.exe", b"MZ\x90\x00" + b"\x00" * 200),
    ("../../../etc/passwd.pdf", b"%PDF-1.4\n%%EOF\n"),
    ("..\\..\\boot.ini.docx", b"PK\x03\x04garbage"),
    ("\u202efdp.exe", b"%PDF-1.4\n%%EOF\n"),
    ("rong.pdf", b""),
    ("bom.docx", _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"\x00" * (8 * 1024 * 1024)})),
    ("zip-slip.docx", _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>", "../../evil.sh": b"x"})),
    ("khong-phai.docx", _zip({"hello.txt": b"hello"})),
    ("van-ban.txt", "Hướng dẫn số 111-HD/BTGTW".encode()),
    ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    ("", b"%PDF-1.4\n%%EOF\n"),
]


@st.composite
def _upload(draw: Any) -> SimpleUploadedFile:
    name, content = draw(
        st.one_of(
            st.sampled_from(HOSTILE_FILES),
            st.tuples(st.sampled_from(["x.pdf", "x.docx", "x.txt", "x.xlsx", "x"]), st.binary(max_size=2048)),
        )
    )
    return SimpleUploadedFile(name, content)


def value_for(spec: FieldSpec) -> st.SearchStrategy[Any]:
    if spec.kind == "file":
        return st.one_of(_upload(), st.just(""))
    if spec.kind == "select" and spec.options:
        return st.one_of(st.sampled_from(spec.options), _text)
    if spec.kind == "checkbox":
        return st.one_of(st.just("on"), st.just(spec.value or "on"), _text)
    if spec.kind == "hidden":
        return st.one_of(st.just(spec.value), _text)
    return _text


@st.composite
def form_data(draw: Any, endpoint: Endpoint) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, spec in endpoint.fields.items():
        if draw(st.integers(0, 9)) == 0:
            continue  # sometimes leave a field out entirely
        data[name] = draw(value_for(spec))
    extra = draw(
        st.dictionaries(st.sampled_from(["id", "pk", "organization", "unit", "role", "user"]), _text, max_size=2)
    )
    for key, value in extra.items():
        data.setdefault(key, value)
    return data
