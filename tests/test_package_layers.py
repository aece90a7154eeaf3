"""The package's layers, read from its source: models <- figures <- notebooks, plumbing apart.

    antbook.models    numpy, pandas, networkx, scikit-learn; other models only
    core              antbook.data, .charts, .explorable, .tables, .selfcheck: no models, figures
                      or plumbing
    antbook.figures   the models and the core
    antbook.book      the core, and figures or models only to time them (bench)

Every import counts, including those inside functions, so a deferred import cannot hide an arrow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "antbook"
CORE = {"antbook.data", "antbook.charts", "antbook.explorable", "antbook.tables",
        "antbook.selfcheck"}
DRAWING_OR_WIDGETS = {"altair", "ipywidgets", "IPython", "vl_convert", "anywidget",
                      "matplotlib", "myst_nb", "sphinx", "nbformat", "nbclient"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, name: str | None = None) -> set[str]:
    """Every module ``path`` (the module ``name``, by default its place in the package) imports,
    relative imports resolved to absolute names."""
    here = (name or module_name(path)).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            found.add(module)
            # `from . import x` may name a submodule
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def project_imports(path: Path, modules: set[str]) -> set[str]:
    return {m for m in imports_of(path) if m in modules}


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def layer(module: str) -> str:
    for name in ("models", "figures", "book"):
        if module.startswith(f"antbook.{name}"):
            return name
    return "core" if module in CORE else "root"


def test_the_tree_has_the_four_layers():
    assert {layer(m) for m in MODULES} == {"models", "figures", "book", "core", "root"}
    assert {m for m in MODULES if layer(m) == "core"} == CORE


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) == "models"))
def test_models_import_no_drawing_widgets_or_other_layers(module):
    imported = imports_of(MODULES[module])
    drawing = {m for m in imported if m.split(".")[0] in DRAWING_OR_WIDGETS}
    assert not drawing, f"{module} imports {sorted(drawing)}"
    outside = {m for m in imported if m.startswith("antbook") and layer(m) != "models"}
    assert not outside, f"{module} imports {sorted(outside)} from outside the models"


@pytest.mark.parametrize("module", sorted(CORE))
def test_core_imports_no_models_figures_or_plumbing(module):
    outside = {m for m in imports_of(MODULES[module])
               if m.startswith("antbook") and layer(m) in {"models", "figures", "book"}}
    assert not outside, f"{module} imports {sorted(outside)}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer(m) == "figures"))
def test_figures_import_no_plumbing(module):
    plumbing = {m for m in imports_of(MODULES[module]) if layer(m) == "book"}
    assert not plumbing, f"{module} imports {sorted(plumbing)}"


def test_no_import_circles():
    graph = nx.DiGraph()
    for module, path in MODULES.items():
        graph.add_node(module)
        for target in project_imports(path, set(MODULES)):
            if target != module and not module.startswith(target + "."):
                graph.add_edge(module, target)
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, f"import circles: {cycles}"


def test_the_checker_sees_a_deferred_import(tmp_path):
    """The checks above would catch a model that imports altair inside a function."""
    source = tmp_path / "model.py"
    source.write_text("def f():\n    import altair as alt\n    from ..figures import x\n")
    found = imports_of(source, "antbook.models.model")
    assert "altair" in found and "antbook.figures" in found
