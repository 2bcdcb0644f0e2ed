"""The import rules of docs/architecture.md, checked over the source with `ast` (nothing is
imported): no cycle between modules, no unexplained import inside a function, the layers, tasks
never imported by services, state-change hooks registered in one place.

Tests and benches may import anything and are not checked (they are not product code).
"""

from __future__ import annotations

import ast

import pytest

from tests.architecture.importgraph import ROOT, Graph, Import

#: Bottom (0) to top. A module imports only from its own layer or a lower one.
LAYERS: dict[str, int] = {
    "common": 0,
    "identity": 1,
    "eligibility": 1,
    "settlement_office": 1,
    "training_institution": 1,
    "claims": 2,
    "employers": 3,
    "stats": 3,
    "training": 3,
    "jobs": 3,
    "demo": 4,
    "portal": 5,
    "deploy": 5,
    "manage": 5,
}
#: Never imported by another package (the project shell and the demo data): settings strings
#: name them, code does not.
NEVER_IMPORTED = {"demo", "portal", "deploy", "manage"}
NOT_PRODUCT = ("tests", "bench")
#: The registries of side effects (claims.core.services, claims.decisions.services).
HOOK_REGISTRIES = {"on_transition", "on_transition_in_transaction", "on_decision_signed"}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph()


def _top(module: str) -> str:
    return module.split(".")[0]


def _product(imp: Import) -> bool:
    return _top(imp.source) not in NOT_PRODUCT


def _shown(imports: list[Import]) -> str:
    return "\n".join(f"  {i.source}:{i.line} imports {i.target}" for i in imports)


def test_the_graph_sees_the_product(graph: Graph) -> None:
    # A guard for the guard: the walk finds the packages and their imports.
    assert {"claims.core.services", "claims.models", "common.tasks"} <= set(graph.modules)
    assert any(i.target == "claims.core.models" for i in graph.imports)


def test_no_cycle_between_modules(graph: Graph) -> None:
    product = {m for m in graph.modules if _top(m) not in NOT_PRODUCT}
    cycles = [c for c in graph.cycles(include_functions=True) if set(c) & product]
    assert not cycles, "import cycles:\n" + "\n".join("  " + " <-> ".join(c) for c in cycles)


def test_no_import_inside_a_function_without_a_reason(graph: Graph) -> None:
    bare = [i for i in graph.imports if _product(i) and i.in_function and not i.justified]
    assert not bare, (
        "imports inside a function need a comment on the line or the line above saying why:\n"
        + _shown(bare)
    )


def test_every_module_imports_only_its_layer_or_below(graph: Graph) -> None:
    wrong = []
    for imp in graph.imports:
        if not _product(imp) or imp.type_checking:
            continue
        if imp.source.endswith(".admin"):
            # An app's admin.py is a leaf of the project shell: Django's admin autodiscovery
            # loads it, nothing imports it (identity's user admin logs through claims' log).
            continue
        source, target = _top(imp.source), _top(imp.target)
        if source == target or target not in LAYERS or source not in LAYERS:
            continue
        if LAYERS[target] > LAYERS[source] or target in NEVER_IMPORTED:
            wrong.append(imp)
    assert not wrong, "imports of a higher layer (docs/architecture.md):\n" + _shown(wrong)


def test_nothing_imports_demo_or_the_project_shell(graph: Graph) -> None:
    wrong = [
        i
        for i in graph.imports
        if _product(i)
        and _top(i.target) in NEVER_IMPORTED
        and _top(i.source) != _top(i.target)
        and not i.type_checking
    ]
    assert not wrong, _shown(wrong)


def test_eligibility_never_imports_claims(graph: Graph) -> None:
    wrong = [
        i for i in graph.imports if _top(i.source) == "eligibility" and _top(i.target) == "claims"
    ]
    assert not wrong, _shown(wrong)


def test_claims_core_imports_no_feature_package(graph: Graph) -> None:
    wrong = [
        i
        for i in graph.imports
        if i.source.startswith("claims.core.")
        and _top(i.target) == "claims"
        and not i.target.startswith("claims.core")
        and not i.type_checking
    ]
    assert not wrong, "claims.core is the bottom of claims:\n" + _shown(wrong)


def _is_tasks(module: str) -> bool:
    return module.split(".")[-1] == "tasks" or ".tasks." in module


def _is_service_side(module: str) -> bool:
    last = module.split(".")[-1]
    return last in {"services", "selectors", "models"} or ".services." in module


def test_services_never_import_tasks(graph: Graph) -> None:
    # A service schedules a task by its registered name: common.tasks.task_after_commit.
    wrong = [
        i
        for i in graph.imports
        if _product(i)
        and _is_service_side(i.source)
        and _is_tasks(i.target)
        and i.target != "common.tasks"
    ]
    assert not wrong, "services schedule tasks by name (common.tasks):\n" + _shown(wrong)


def test_state_change_hooks_are_registered_in_app_configs_only() -> None:
    # One route for a state change's side effects: hooks registered in AppConfig.ready.
    calls = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in {".venv", *NOT_PRODUCT} or "migrations" in rel.parts:
            continue
        if rel.as_posix() in {"claims/core/services.py", "claims/decisions/services.py"}:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if (
                    name in {"on_transition", "on_transition_in_transaction"}
                    and rel.name != "apps.py"
                ):
                    calls.append(f"  {rel}:{node.lineno}")
    assert not calls, "register on_transition hooks in an AppConfig.ready():\n" + "\n".join(calls)
