"""The package's boundaries: no module reads another module's private names, and the modules'
imports have no cycle (each stage depends only on the stages before it and on plain records)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "timeline"


def modules_of(package: Path) -> dict[str, Path]:
    """Each module of `package` by its dotted name."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = modules_of(PACKAGE)


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def imports_of(name: str, modules: dict[str, Path]) -> tuple[set[str], list[str]]:
    """The modules of `modules` that `name` imports, and its reads of another module's private names."""
    tree = ast.parse(modules[name].read_text(encoding="utf-8"))
    package = name if modules[name].name == "__init__.py" else name.rpartition(".")[0]
    imported: set[str] = set()
    aliases: dict[str, str] = {}  # a local name -> the module of the package it stands for
    private: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    imported.add(alias.name)
                    if alias.asname:
                        aliases[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # a relative import
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], *([base] if base else [])])
            if base not in modules:
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in modules:
                    imported.add(submodule)
                    aliases[alias.asname or alias.name] = submodule
                else:
                    imported.add(base)
                    if _is_private(alias.name) and base != name:
                        private.append(f"{name} imports {base}.{alias.name}")
    for node in ast.walk(tree):
        reads = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
        if reads and _is_private(node.attr) and aliases[node.value.id] != name:  # type: ignore[union-attr]
            private.append(f"{name} reads {aliases[node.value.id]}.{node.attr}")
    # The root package's __init__ is the public face (the Python API): importing a name from it
    # is importing that name's module, not every module it names.
    imported.discard(PACKAGE.name)
    imported.discard(name)
    return imported, private


def cycles_in(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles a depth-first walk of `graph` meets."""
    state: dict[str, int] = {}  # 1: being visited, 2: done
    cycles: list[list[str]] = []

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for other in sorted(graph.get(name, ())):
            if state.get(other) == 1:
                cycles.append([*path[path.index(other) :], other])
            elif other not in state:
                visit(other, [*path, other])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return cycles


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    return {name: imports_of(name, modules)[0] for name in modules if name != PACKAGE.name}


def test_no_module_reads_another_modules_private_names() -> None:
    assert [line for name in MODULES for line in imports_of(name, MODULES)[1]] == []


def test_the_package_imports_have_no_cycle() -> None:
    assert cycles_in(import_graph(MODULES)) == []


def test_the_checks_see_a_private_read_and_a_cycle(tmp_path: Path) -> None:
    """The checks above are not blind: in a made-up package, a private read and a cycle are found."""
    package = tmp_path / PACKAGE.name
    (package / "stage").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "stage" / "__init__.py").write_text("")
    (package / "stage" / "inner.py").write_text(f"from {PACKAGE.name} import other\n_secret = 1\n")
    (package / "other.py").write_text(
        f"from {PACKAGE.name}.stage import inner\nfrom {PACKAGE.name}.stage.inner import _secret\nx = inner._secret + inner.__name__\n"
    )
    modules = modules_of(package)
    imported, private = imports_of(f"{PACKAGE.name}.other", modules)
    assert imported == {f"{PACKAGE.name}.stage.inner"}
    assert sorted(private) == [
        f"{PACKAGE.name}.other imports {PACKAGE.name}.stage.inner._secret",
        f"{PACKAGE.name}.other reads {PACKAGE.name}.stage.inner._secret",
    ]
    assert cycles_in(import_graph(modules)) == [[f"{PACKAGE.name}.other", f"{PACKAGE.name}.stage.inner", f"{PACKAGE.name}.other"]]
