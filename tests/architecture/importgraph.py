"""The project's import graph, read with `ast` (no import is executed).

Used by tests/architecture/test_imports.py and as a small report tool:
`python tests/architecture/importgraph.py [--json]` prints files per package, the largest files,
the function-level imports and the import cycles between modules.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import pathlib
import sys
from collections.abc import Iterator

ROOT = pathlib.Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "var", "node_modules", "migrations", "__pycache__", ".git", "static"}


@dataclasses.dataclass(frozen=True)
class Import:
    source: str  # dotted module doing the import
    target: str  # dotted module imported (resolved to a project module)
    line: int
    in_function: bool
    type_checking: bool
    justified: bool  # a comment on the line or the line above says why


def module_name(path: pathlib.Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_files() -> list[pathlib.Path]:
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if any(part in SKIP_DIRS or part.startswith(".") for part in rel.parts[:-1]):
            continue
        out.append(path)
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(
    node: ast.AST, in_function: bool, type_checking: bool
) -> Iterator[tuple[ast.AST, bool, bool]]:
    for child in ast.iter_child_nodes(node):
        func = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for sub in child.body:
                yield sub, func, True
                yield from _walk(sub, func, True)
            for sub in child.orelse:
                yield sub, func, type_checking
                yield from _walk(sub, func, type_checking)
            continue
        yield child, func, type_checking
        yield from _walk(child, func, type_checking)


class Graph:
    def __init__(self, files: list[pathlib.Path] | None = None) -> None:
        self.files = files if files is not None else project_files()
        self.modules: dict[str, pathlib.Path] = {module_name(p): p for p in self.files}
        self.packages = {m for m, p in self.modules.items() if p.name == "__init__.py"}
        self.imports: list[Import] = []
        for path in self.files:
            self.imports.extend(self._read(path))

    def _resolve(self, dotted: str) -> str | None:
        while dotted:
            if dotted in self.modules:
                return dotted
            dotted = dotted.rpartition(".")[0]
        return None

    def _read(self, path: pathlib.Path) -> Iterator[Import]:
        source = module_name(path)
        text = path.read_text()
        lines = text.splitlines()
        try:
            tree = ast.parse(text, filename=str(path))
        except SyntaxError:
            return
        is_pkg = path.name == "__init__.py"
        for node, in_function, type_checking in _walk(tree, False, False):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            line = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
            above = lines[node.lineno - 2].strip() if node.lineno >= 2 else ""
            justified = "#" in line or above.startswith("#")
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    pkg = source.split(".") if is_pkg else source.split(".")[:-1]
                    pkg = pkg[: len(pkg) - (node.level - 1)] if node.level > 1 else pkg
                    base = ".".join(pkg + ([base] if base else []))
                for alias in node.names:
                    full = f"{base}.{alias.name}" if base else alias.name
                    targets.append(full if full in self.modules else base)
            for target in targets:
                resolved = self._resolve(target)
                if resolved is None or resolved == source:
                    continue
                yield Import(source, resolved, node.lineno, in_function, type_checking, justified)

    # -- queries ---------------------------------------------------------------------------
    def edges(self, *, include_functions: bool = True) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {m: set() for m in self.modules}
        for imp in self.imports:
            if imp.type_checking or (imp.in_function and not include_functions):
                continue
            # importing a package's (empty or re-exporting) __init__ counts as an edge to it
            out[imp.source].add(imp.target)
        return out

    def cycles(self, *, include_functions: bool = True) -> list[list[str]]:
        """Strongly connected components with more than one module (Tarjan, iterative)."""
        graph = self.edges(include_functions=include_functions)
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        on_stack: set[str] = set()
        stack: list[str] = []
        result: list[list[str]] = []
        counter = 0
        for start in sorted(graph):
            if start in index:
                continue
            work = [(start, iter(sorted(graph[start])))]
            index[start] = low[start] = counter
            counter += 1
            stack.append(start)
            on_stack.add(start)
            while work:
                node, children = work[-1]
                advanced = False
                for child in children:
                    if child not in index:
                        index[child] = low[child] = counter
                        counter += 1
                        stack.append(child)
                        on_stack.add(child)
                        work.append((child, iter(sorted(graph[child]))))
                        advanced = True
                        break
                    if child in on_stack:
                        low[node] = min(low[node], index[child])
                if advanced:
                    continue
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        item = stack.pop()
                        on_stack.discard(item)
                        component.append(item)
                        if item == node:
                            break
                    if len(component) > 1:
                        result.append(sorted(component))
        return sorted(result)

    def function_imports(self, prefix: str = "") -> list[Import]:
        return [
            i
            for i in self.imports
            if i.in_function
            and (not prefix or i.source == prefix or i.source.startswith(prefix + "."))
        ]


def report() -> dict[str, object]:
    graph = Graph()
    product = [m for m in graph.modules if not m.startswith(("tests", "bench"))]
    per_package: dict[str, int] = {}
    claims_sub: dict[str, int] = {}
    sizes = []
    for mod in graph.modules:
        top = mod.split(".")[0]
        per_package[top] = per_package.get(top, 0) + 1
        if mod.startswith("claims."):
            parts = mod.split(".")
            sub = (
                parts[1] if len(parts) > 2 or graph.modules[mod].name == "__init__.py" else "(top)"
            )
            claims_sub[sub] = claims_sub.get(sub, 0) + 1
        sizes.append(
            (
                len(graph.modules[mod].read_text().splitlines()),
                str(graph.modules[mod].relative_to(ROOT)),
            )
        )
    sizes.sort(reverse=True)
    claims_sizes = [s for s in sizes if s[1].startswith("claims/")]

    def count(prefixes: tuple[str, ...], unexplained: bool = False) -> int:
        return sum(
            1
            for i in graph.imports
            if i.in_function
            and i.source.startswith(prefixes)
            and (not unexplained or not i.justified)
        )

    product_prefixes = tuple(
        sorted({m.split(".")[0] + "." for m in product} | {m.split(".")[0] for m in product})
    )
    return {
        "files_per_top_package": dict(sorted(per_package.items())),
        "claims_files_per_subpackage": dict(sorted(claims_sub.items())),
        "largest_claims_files": claims_sizes[:5],
        "largest_files": sizes[:5],
        "function_level_imports_claims": count(("claims",)),
        "function_level_imports_claims_without_comment": count(("claims",), True),
        "function_level_imports_product": count(product_prefixes),
        "function_level_imports_product_without_comment": count(product_prefixes, True),
        "function_level_imports_all_incl_tests": count(("",)),
        "cycles_including_function_imports": graph.cycles(include_functions=True),
        "cycles_module_level_only": graph.cycles(include_functions=False),
    }


if __name__ == "__main__":
    data = report()
    if "--json" in sys.argv:
        print(json.dumps(data, indent=1))
    else:
        for key, value in data.items():
            if isinstance(value, list) and value and isinstance(value[0], list):
                print(f"{key}: {len(value)}")
                for comp in value:
                    print("   ", " <-> ".join(comp))
            else:
                print(f"{key}: {value}")
