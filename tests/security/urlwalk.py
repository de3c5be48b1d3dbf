"""Walk every URL pattern of the project as a persona, against another unit's objects.

`discover_routes()` reads the resolver (nothing to register by hand: a new view is walked the day its
URL exists). `walk()` fills each id-like kwarg with the world's primary key (every model has an object
of another unit under that key, tests/security/world.py), then:

- GET, GET as htmx, and POST: a route naming an object must answer 403/404/405 (or send an anonymous
  visitor to the login page). A 200, or a redirect anywhere else, means the view used the object
  without a permission check.
- routes without such kwargs are fetched with filter parameters pointing into the world
  (`?unit=…&directive=…&q=…`) and must not show any of the world's data (its marker, also looked for
  inside PDFs, files and JSON).
- nothing of the world may change, and no new row may point into it.

The allowlist below is the only way out, one commented line per route.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.urls.exceptions import Resolver404
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.regex_helper import normalize

from tests.security.world import DATA_MARKER, GLOBAL_MODELS, INVITATION_TOKEN, ORG_MARKER, World

# --- The allowlist: routes intentionally public or user-agnostic ------------------------------
# name → why. These may answer 200 to anyone, with any kwargs (they never show a unit's data; the
# marker check still applies to them).
PUBLIC: dict[str, str] = {
    "login": "the sign-in page",
    "logout": "signs out whoever asks (POST), nothing else",
    "password_reset": "asks for an e-mail address; answers the same for any address",
    "password_reset_done": "a static 'check your mail' page",
    "password_reset_confirm": "the uid/token in the link are the credential, checked by Django",
    "password_reset_complete": "a static 'password saved' page",
    "invitation_accept": "the token in the e-mailed link is the credential (256 bits, hashed at rest)",
    "healthz": "load-balancer health check: database/broker/cache status only",
    "set_language": "stores a language choice in a cookie",
}
# Routes that are the user's own pages whatever the kwargs (none yet): name → why.
OWN_PAGES: dict[str, str] = {}
# Routes that may list other units by name (the organisation directory is public in the Party and
# State system, e.g. a recipient picker); they must still never show another unit's data: name → why.
ORG_DIRECTORY: dict[str, str] = {}
# Namespaces walked separately: the admin site is guarded by is_staff + Django model permissions
# (superusers' tool, not scoped by unit); test_url_walk checks that it turns every persona away.
SEPARATE_NAMESPACES = {"admin"}

# Query parameters a list, dashboard or export might filter by; they all point into the world.
QUERY_KEYS = (
    "unit",
    "unit_id",
    "org",
    "organization",
    "don_vi",
    "directive",
    "document",
    "van_ban",
    "task",
    "assignment",
    "report",
    "root",
    "parent",
    "user",
)
DENIED = {403, 404, 405, 410}
# URL kwargs that do not name an object: filled with a plain value, and a route with only these is
# judged like a list (no 403/404 demanded, but no world data may show).
NON_OBJECT_PARAMS = {
    "year": "2023",
    "month": "10",
    "day": "31",
    "quarter": "4",
    "week": "44",
    "page": "1",
    "trang": "1",
    "format": "pdf",
    "fmt": "pdf",
    "lang": "vi",
}


def _named_values(world: World) -> dict[str, list[str]]:
    """Kwargs that name the world's objects by something other than their key."""
    root = world.root
    document = world.objects.get("directives.document")
    number = getattr(document, "number", "") or ""
    return {
        "code": [root.code],
        "org_code": [root.code],
        "unit_code": [root.code],
        "slug": [root.code],
        "number": [number],
        "symbol": [number],
        "username": [getattr(world.objects.get("auth.user"), "username", "")],
    }


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name"
    regex: str
    fmt: str  # "van-ban/%(pk)s/"
    params: tuple[str, ...]
    converters: dict[str, Any]
    callback: Callable[..., Any]

    @property
    def label(self) -> str:
        return self.name or self.fmt

    @property
    def namespace(self) -> str:
        return self.name.split(":")[0] if self.name and ":" in self.name else ""

    @property
    def short_name(self) -> str:
        return self.name.split(":")[-1] if self.name else ""


def discover_routes(urlconf: str | None = None) -> list[Route]:
    routes: list[Route] = []

    def walk(patterns: Iterable[Any], prefix: str, namespaces: list[str], converters: dict[str, Any]) -> None:
        for p in patterns:
            regex = p.pattern.regex.pattern
            part = regex.removeprefix("^").removesuffix(r"\Z").removesuffix("$")
            conv = {**converters, **getattr(p.pattern, "converters", {})}
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + part, [*namespaces, p.namespace] if p.namespace else namespaces, conv)
            elif isinstance(p, URLPattern):
                full = prefix + part
                possibilities = normalize(full)
                if not possibilities:
                    continue
                fmt, params = possibilities[0]
                name = ":".join([*namespaces, p.name]) if p.name else None
                routes.append(Route(name, full, fmt, tuple(params), conv, p.callback))

    walk(get_resolver(urlconf).url_patterns, "", [], {})
    return routes


def _group_alternatives(regex: str, param: str) -> list[str]:
    match = re.search(rf"\(\?P<{param}>([^()]*)\)", regex)
    if match and re.fullmatch(r"[\w|-]+", match.group(1)):
        return match.group(1).split("|")[:1]
    return []


def candidate_values(route: Route, param: str, world: World) -> list[str]:
    """What to put in a URL kwarg so that it names the world's object."""
    converter = route.converters.get(param)
    pk = str(world.pk)
    if isinstance(converter, UUIDConverter):
        return ["00000000-0000-4000-8000-000000000000"]
    if param == "uidb64":
        return [urlsafe_base64_encode(force_bytes(world.pk))]
    if param == "token" and route.short_name == "invitation_accept":
        return [f"{INVITATION_TOKEN}-{world.pk}"]
    if param == "object_type":
        return sorted(set(world.objects) - GLOBAL_MODELS)  # one URL per model label
    if param in NON_OBJECT_PARAMS:
        return [NON_OBJECT_PARAMS[param]]
    named = _named_values(world).get(param)
    if named and all(named):
        return named
    alternatives = _group_alternatives(route.regex, param)
    if alternatives:
        return alternatives
    if isinstance(converter, IntConverter):
        return [pk]
    return [pk]


def concrete_urls(route: Route, world: World, urlconf: str | None = None) -> list[str]:
    """The route's URLs filled with world ids (only those that resolve back to the same view)."""
    if not route.params:
        return ["/" + route.fmt.replace("%%", "%")]
    choices = [candidate_values(route, p, world) for p in route.params]
    urls = []
    for combo in itertools.islice(itertools.product(*choices), 40):
        url = "/" + route.fmt % dict(zip(route.params, combo, strict=True))
        try:
            match = resolve(url, urlconf)
        except Resolver404:
            continue
        if match.func == route.callback:
            urls.append(url)
    return urls


# --- Looking at responses ----------------------------------------------------------------------


def response_text(response: Any) -> str:
    raw = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    content_type = response.get("Content-Type", "")
    if "pdf" in content_type or raw.startswith(b"%PDF-"):
        try:
            from pypdf import PdfReader

            text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(raw)).pages)
            return text + raw.decode("latin-1")
        except Exception:
            return raw.decode("latin-1")
    return raw.decode("utf-8", errors="replace")


def leaked_markers(text: str, *, allow_org: bool) -> list[str]:
    upper = text.upper()
    found = [DATA_MARKER] if DATA_MARKER in upper else []
    if not allow_org and ORG_MARKER in upper:
        found.append(ORG_MARKER)
    return found


def _is_login_redirect(location: str) -> bool:
    path = location.split("?")[0]
    login_paths = {reverse(settings.LOGIN_URL) if not settings.LOGIN_URL.startswith("/") else settings.LOGIN_URL}
    login_paths.add(reverse("admin:login"))
    return any(path.endswith(p) for p in login_paths)


# --- Walking ------------------------------------------------------------------------------------


@dataclass
class Finding:
    route: str
    method: str
    url: str
    problem: str

    def __str__(self) -> str:
        return f"{self.method} {self.url}  [{self.route}]  {self.problem}"


@dataclass
class WalkResult:
    findings: list[Finding] = field(default_factory=list)
    requests: int = 0
    routes: int = 0

    def report(self) -> str:
        lines = [f"{len(self.findings)} problem(s) in {self.requests} requests over {self.routes} routes:"]
        lines += [f"  - {f}" for f in self.findings]
        return "\n".join(lines)


def world_state(world: World) -> dict[str, Any]:
    """Every world row's values, and how many rows of the project point into the world."""
    from tests.security.world import project_models

    state: dict[str, Any] = {}
    for label, obj in world.objects.items():
        state[f"row:{label}"] = list(type(obj)._base_manager.filter(pk=obj.pk).values())
    world_ids = {label: obj.pk for label, obj in world.objects.items()}
    for model in project_models():
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is not None:
                target = f.related_model._meta.label_lower
                if target in world_ids:
                    key = f"fk:{model._meta.label_lower}.{f.name}"
                    state[key] = model._base_manager.filter(**{f.attname: world_ids[target]}).count()
    return state


def _diff_state(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [key for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)]


def walk(
    *,
    world: World,
    login_as: models.Model | None,
    routes: list[Route] | None = None,
    urlconf: str | None = None,
    include_namespaces: set[str] | None = None,
) -> WalkResult:
    """Request every route as `login_as` (None: anonymous); return what looks like a missing check."""
    routes = routes if routes is not None else discover_routes(urlconf)
    result = WalkResult()
    client = Client(raise_request_exception=False)
    anonymous = login_as is None
    before = world_state(world)

    def fetch(method: str, url: str, *, data: dict[str, Any] | None = None, htmx: bool = False) -> Any:
        if not anonymous:
            client.force_login(login_as)  # a POST to "logout" must not end the walk
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        result.requests += 1
        if method == "GET":
            return client.get(url, data=data, **headers)
        return client.post(url, data=data or {}, **headers)

    # `q` searches for the world's key (all its texts contain it), not for the marker itself: pages
    # echo their own query string (e.g. a `next` field), which must not count as a leak.
    query = {key: str(world.pk) for key in QUERY_KEYS} | {"q": str(world.pk)}
    for route in routes:
        if route.namespace in SEPARATE_NAMESPACES and route.namespace not in (include_namespaces or set()):
            continue
        public = route.short_name in PUBLIC and not route.namespace
        own = route.short_name in OWN_PAGES
        allow_org = route.short_name in ORG_DIRECTORY
        urls = concrete_urls(route, world, urlconf)
        if not urls:
            continue
        result.routes += 1
        names_object = any(p not in NON_OBJECT_PARAMS for p in route.params)
        for url in urls:
            # Object routes also as htmx (fragments are often a separate branch of the view).
            attempts: list[tuple[str, dict[str, Any] | None, bool]] = (
                [("GET", None, False), ("GET", None, True), ("POST", query, False)]
                if names_object
                else [("GET", query, False), ("POST", query, False)]
            )
            for method, data, htmx in attempts:
                response = fetch(method, url, data=data, htmx=htmx)
                label = f"{method}{' (htmx)' if htmx else ''}"
                status = response.status_code
                if status >= 500:
                    result.findings.append(Finding(route.label, label, url, f"server error {status}"))
                    continue
                location = response.get("Location", "")
                if status in (301, 302, 303, 307, 308) and _is_login_redirect(location):
                    continue  # anonymous visitors (or the admin) sent to sign in
                if 200 <= status < 300:
                    leaked = leaked_markers(response_text(response), allow_org=allow_org or public)
                    if leaked:
                        result.findings.append(
                            Finding(
                                route.label, label, url, f"{status} shows another unit's data ({', '.join(leaked)})"
                            )
                        )
                        continue
                if public or own:
                    continue
                if anonymous:
                    if status not in DENIED:
                        result.findings.append(
                            Finding(route.label, label, url, f"{status} to an anonymous visitor (no login required?)")
                        )
                    continue
                if names_object and status not in DENIED:
                    where = f" → {location}" if location else ""
                    result.findings.append(
                        Finding(
                            route.label,
                            label,
                            url,
                            f"{status}{where} for another unit's object (expected 403/404: missing permission check?)",
                        )
                    )
    after = world_state(world)
    for key in _diff_state(before, after):
        result.findings.append(Finding(key, "—", "—", "another unit's data was changed during the walk"))
    return result


def anonymous() -> None:
    return None


__all__ = ["AnonymousUser", "Route", "WalkResult", "discover_routes", "walk"]
