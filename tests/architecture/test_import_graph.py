"""The import graph: no cycle anywhere, and every module sits in one of pyproject.toml's layers."""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp
import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]


IMPORT_LINTER = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
ROOT_PACKAGES = tuple(IMPORT_LINTER["root_packages"])


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    """The project's import graph, as lint-imports builds it."""
    return grimp.build_graph(*ROOT_PACKAGES, cache_dir=None)


def contracts() -> dict[str, dict]:
    """The import-linter contracts of pyproject.toml, by id."""
    return {c["id"]: c for c in IMPORT_LINTER["contracts"]}


def layer_modules() -> list[str]:
    """Every module named in the layers contract."""
    layers = contracts()["layers"]["layers"]
    return [name.strip() for layer in layers for name in layer.replace("|", ":").split(":")]


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The groups of modules that import one another in a circle (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def test_no_module_is_part_of_an_import_cycle(graph: grimp.ImportGraph) -> None:
    assert import_cycles(graph) == []


def test_a_cycle_is_found_when_there_is_one() -> None:
    graph = grimp.build_graph("compliance", "incidents", cache_dir=None)
    graph.add_import(
        importer="compliance.engine.deadlines",
        imported="incidents.services",
        line_number=1,
        line_contents="from incidents.services import incident_create",
    )
    assert any(
        {"compliance.engine.deadlines", "incidents.services"} <= set(cycle)
        for cycle in import_cycles(graph)
    )


def test_every_module_sits_in_a_layer(graph: grimp.ImportGraph) -> None:
    named = layer_modules()
    unplaced = [
        module
        for module in sorted(graph.modules)
        if module not in ROOT_PACKAGES
        and ".migrations" not in module
        and not any(module == name or module.startswith(f"{name}.") for name in named)
        # A package whose modules are placed one by one (incidents.learning, its models...).
        and not any(name.startswith(f"{module}.") for name in named)
    ]
    assert unplaced == []


def test_every_module_a_layer_names_exists(graph: grimp.ImportGraph) -> None:
    assert [name for name in layer_modules() if name not in graph.modules] == []
