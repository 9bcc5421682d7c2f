"""No import cycles among skillmap's modules (DESIGN.md: imports point down the layers).

Every import statement counts, at the top of a module or deferred inside a function: a
deferred import still makes the module depend on the one it imports, it only hides the
cycle from the interpreter. Not counted: imports under ``if TYPE_CHECKING:`` (annotations
only, never run) and a package's ``__init__`` importing its own submodules (the CLI
registers its commands that way; the package is their parent, not a layer beside them).
"""

from __future__ import annotations

import ast
from pathlib import Path

import skillmap

PACKAGE_DIR = Path(skillmap.__file__).parent


def _module_names(package_dir: Path) -> dict[str, Path]:
    root = package_dir.name
    names = {}
    for path in package_dir.rglob("*.py"):
        parts = [root, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _imports(body: list[ast.stmt]):
    """Every import statement in ``body``, at any depth, except under ``if TYPE_CHECKING``."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from _imports(node.orelse)
        else:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    yield from _imports([child])
                elif isinstance(child, ast.excepthandler):
                    yield from _imports(child.body)


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".")[: (None if is_package else -1)]
        base = base[: len(base) - node.level + 1]
        source = ".".join([*base, node.module] if node.module else base)
    else:
        source = node.module or ""
    # "from . import demo" names a module; "from .x import name" names something in x.
    return [f"{source}.{alias.name}" for alias in node.names] + [source]


def import_graph(package_dir: Path) -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    modules = _module_names(package_dir)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in _imports(ast.parse(path.read_text(encoding="utf-8")).body):
            for target in _targets(node, name, is_package):
                if target not in modules or target == name:
                    continue
                if is_package and target.startswith(name + "."):
                    continue  # a package importing its own submodule
                if target in _parents(name):
                    continue  # importing a parent package runs its __init__, counted there
                graph[name].add(target)
    return graph


def _parents(module: str) -> set[str]:
    parts = module.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _describe(graph: dict[str, set[str]], group: list[str]) -> str:
    members = set(group)
    return "; ".join(f"{a} -> {b}" for a in group for b in sorted(graph[a] & members))


def test_skillmap_has_no_import_cycles():
    graph = import_graph(PACKAGE_DIR)
    assert len(graph) > 50  # the walk found the package
    found = cycles(graph)
    assert not found, "import cycles: " + " | ".join(_describe(graph, group) for group in found)


def test_a_cycle_through_a_deferred_import_is_found(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("def main():\n    from . import low  # registration\n")
    (package / "low.py").write_text("def f():\n    from .sub.high import g\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "high.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..other import T\nfrom ..low import f\n")
    (package / "other.py").write_text("from .sub import high\n")
    graph = import_graph(package)
    assert graph["pkg.low"] == {"pkg.sub.high"}
    assert graph["pkg.sub.high"] == {"pkg.low"}  # not pkg.other: TYPE_CHECKING only
    assert cycles(graph) == [["pkg.low", "pkg.sub.high"]]
