"""The import rules of the capability packages, read from the real import graph (grimp).

The rules (also in each package's docstring):
- `directives` never imports `reports`, `accounts` or `cascade.devtools`;
- the pure modules (`directives.parsing`, `directives.deadlines.rules`, `directives.deadlines.workcal`,
  `directives.timeliness`) import nothing from Django, not even through another module;
- `cascade.lib` imports no app;
- only management commands (and tests) import `cascade.devtools`;
- no module imports itself through a circle of other modules.
Imports under `if TYPE_CHECKING:` are left out: they never run.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import grimp
import pytest

PACKAGES = ("cascade", "directives", "reports", "accounts")
PURE = (
    "directives.parsing",
    "directives.ingest",
    "directives.deadlines.rules",
    "directives.deadlines.workcal",
    "directives.timeliness",
)


@functools.cache
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(
        *PACKAGES, include_external_packages=True, exclude_type_checking_imports=True, cache_dir=None
    )


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _project_modules() -> list[str]:
    return sorted(m for m in graph().modules if any(_inside(m, p) for p in PACKAGES) and ".migrations" not in m)


def _imports(importer_package: str) -> Iterator[tuple[str, str]]:
    g = graph()
    for module in _project_modules():
        if _inside(module, importer_package):
            for imported in sorted(g.find_modules_directly_imported_by(module)):
                yield module, imported


def _where(importer: str, imported: str) -> str:
    details = graph().get_import_details(importer=importer, imported=imported)
    line = details[0]["line_number"] if details else "?"
    return f"{importer}:{line} imports {imported}"


@pytest.mark.parametrize("forbidden", ["reports", "accounts", "cascade.devtools"])
def test_directives_never_imports(forbidden: str) -> None:
    broken = [_where(a, b) for a, b in _imports("directives") if _inside(b, forbidden)]
    assert broken == []


@pytest.mark.parametrize("pure", PURE)
def test_pure_modules_import_nothing_from_django(pure: str) -> None:
    g = graph()
    modules = [m for m in _project_modules() if _inside(m, pure)]
    assert modules, f"{pure} is missing"
    broken = []
    for module in modules:
        reached = g.find_upstream_modules(module)
        if "django" in reached:
            chain = g.find_shortest_chain(importer=module, imported="django")
            broken.append(" -> ".join(chain or ()))
    assert broken == []


def test_cascade_lib_imports_no_app() -> None:
    apps = ("directives", "reports", "accounts", "cascade.devtools", "cascade.ops")
    broken = [_where(a, b) for a, b in _imports("cascade.lib") if any(_inside(b, app) for app in apps)]
    assert broken == []


def test_only_commands_import_devtools() -> None:
    broken = [
        _where(a, b)
        for package in PACKAGES
        for a, b in _imports(package)
        if _inside(b, "cascade.devtools")
        and not _inside(a, "cascade.devtools")
        and not _inside(a, "cascade.management.commands")
    ]
    assert broken == []


def _circles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    g = graph()
    nodes = _project_modules()
    node_set = set(nodes)
    edges = {n: sorted(m for m in g.find_modules_directly_imported_by(n) if m in node_set) for n in nodes}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            recurse = False
            for j in range(i, len(edges[node])):
                nxt = edges[node][j]
                if nxt not in index:
                    work.append((node, j + 1))
                    work.append((nxt, 0))
                    recurse = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if recurse:
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def test_no_import_circles() -> None:
    assert _circles() == []
