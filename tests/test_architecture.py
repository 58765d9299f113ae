"""The package's floors: imports run downward only, and the forum stays small and self-contained.

The import graph is read from the source (``ast``), not by importing: every ``import toolkit...``
and ``from toolkit... import`` in every module, resolved to the module it names.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "toolkit"
FORUM = PACKAGE / "forum"
# Layers above the forum: the forum may never import them, not even inside a function.
ABOVE_FORUM = (
    "toolkit.render",
    "toolkit.checks",
    "toolkit.widgets",
    "toolkit.course",
    "toolkit.safety",
    "toolkit.classroom",
)
MAX_LINES = 400


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _targets(path: Path, *, anywhere: bool) -> set[str]:
    """The toolkit modules ``path`` imports: at module level only, or ``anywhere`` in it."""
    modules, name = _modules(), _name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree) if anywhere else _module_level(tree.body):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            # "from toolkit.forum import handles" names the module toolkit.forum.handles.
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in modules else base)
    return {t for t in found if t in modules and t != name}


def _module_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements run on import: the body, and inside top-level if/try (not TYPE_CHECKING)."""
    out: list[ast.stmt] = []
    for node in body:
        if isinstance(node, ast.If):
            if "TYPE_CHECKING" not in ast.unparse(node.test):
                out += _module_level(node.body) + _module_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, *(h.body for h in node.handlers), node.orelse):
                out += _module_level(block)
        else:
            out.append(node)
    return out


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan's SCCs)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1 or node in graph[node]:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _graph(*, anywhere: bool) -> dict[str, set[str]]:
    return {m: _targets(p, anywhere=anywhere) for m, p in _modules().items()}


def test_the_graph_sees_the_imports_it_should() -> None:
    # A reader that found nothing would pass every test below.
    graph = _graph(anywhere=False)
    assert "toolkit.forum.model" in graph["toolkit.render.html"]
    assert "toolkit.forum.handles" in graph["toolkit.forum.members"]
    assert "toolkit.forum.queries.posts" in graph["toolkit.forum.posts"]
    assert "toolkit.forum.service" in _graph(anywhere=True)["toolkit"]  # lazy, on first use


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("anywhere", [False, True], ids=["on-import", "including-lazy"])
def test_no_import_cycle_in_toolkit(anywhere: bool) -> None:
    # "including-lazy" also follows imports inside functions: a lazy import that runs back up
    # (the model importing the renderer that imports the model) is a cycle too.
    assert _cycles(_graph(anywhere=anywhere)) == []


def test_the_forum_imports_nothing_above_it() -> None:
    wrong = {
        _name(path): sorted(t for t in _targets(path, anywhere=True) if t.startswith(ABOVE_FORUM))
        for path in sorted(FORUM.rglob("*.py"))
    }
    assert {m: t for m, t in wrong.items() if t} == {}


def test_the_model_does_not_even_name_the_render_layer() -> None:
    # Display reaches the renderer through register_views; the module that registers them is
    # named once, by the package door (toolkit/forum/__init__.py), never by the model.
    source = (FORUM / "model.py").read_text("utf-8")
    assert "toolkit.render" not in source
    door = (FORUM / "__init__.py").read_text("utf-8")
    assert 'views_from("toolkit.render.views")' in door


@pytest.mark.parametrize(
    "path", sorted(FORUM.rglob("*.py")), ids=lambda p: str(p.relative_to(FORUM))
)
def test_forum_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text("utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines; split it by concern"


@pytest.mark.parametrize(
    "path",
    sorted((PACKAGE / "classroom").rglob("*.py")),
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_classroom_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text("utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines; split it by concern"


def test_only_the_board_imports_the_board() -> None:
    # The classroom board is a roof beside the course build: nothing below it may lean on it.
    graph = _graph(anywhere=True)
    leaning = sorted(
        name
        for name, targets in graph.items()
        if not name.startswith("toolkit.classroom")
        and any(t.startswith("toolkit.classroom") for t in targets)
    )
    assert leaning == []


def test_sql_lives_in_the_store_layer() -> None:
    # Only store.py (schema, migrations, transactions) and queries/ talk to SQLite.
    allowed = {FORUM / "store.py", *FORUM.joinpath("queries").glob("*.py")}
    talking = sorted(
        str(p.relative_to(FORUM))
        for p in FORUM.rglob("*.py")
        if p not in allowed and ".execute(" in p.read_text("utf-8")
    )
    assert talking == []


def test_the_build_command_loads_neither_the_forum_nor_the_notebook_stack() -> None:
    # A rebuild that finds nothing changed must not pay for nbformat's schema (about a second
    # here) nor the forum's modules: they load when a notebook is really built
    # (bench/build_bench.py times the no-op rebuild in a fresh process).
    import subprocess
    import sys

    code = (
        "import sys, toolkit.course.cli, toolkit.course.build\n"
        "print(sorted(m for m in ('toolkit.forum', 'nbformat', 'papermill', 'jsonschema',"
        " 'phonenumbers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_toolkit_exports_the_forum_on_first_use() -> None:
    import toolkit
    from toolkit import Forum, ForumError

    assert toolkit.Forum is Forum
    assert issubclass(ForumError, Exception)
    assert set(toolkit.__all__) == {"Forum", "ForumError", "__version__"}
