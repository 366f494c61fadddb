"""The layers hold: imports point down, each UI module owns one concern and stays small."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fresh import python_output

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK = sorted((ROOT / "workbook").glob("*.py"))
UI_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *WORKBOOK]
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_importing_planner_leaves_the_workbook_and_streamlit_out() -> None:
    """Test that importing every planner module loads neither workbook nor streamlit."""
    code = (
        "import sys, pkgutil, importlib, planner\n"
        "for module in pkgutil.walk_packages(planner.__path__, 'planner.'):\n"
        "    if module.name != 'planner.__main__':\n"
        "        importlib.import_module(module.name)\n"
        "tops = {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(tops & {'workbook', 'streamlit', 'pages'}))\n"
    )
    output = python_output(code)
    assert output.strip() == "[]"


@pytest.mark.parametrize("path", WORKBOOK, ids=lambda p: p.name)
def test_workbook_modules_never_import_pages_or_the_router(path: Path) -> None:
    """Test that no workbook module imports pages/ or app.py: arrows only point down."""
    assert not _imported(path) & {"pages", "app"}


def test_workbook_modules_import_each_other_without_cycles() -> None:
    """Test that the workbook's own imports form layers (no module reaches back up)."""
    graph = {
        path.stem: {
            name.split(".")[1]
            for name in _module_imports(path)
            if name.startswith("workbook.") and name.split(".")[1] != path.stem
        }
        for path in WORKBOOK
    }
    done: set[str] = set()

    def visit(node: str, trail: tuple[str, ...]) -> None:
        assert node not in trail, f"import cycle: {' -> '.join((*trail, node))}"
        if node in done:
            return
        for target in graph.get(node, ()):
            visit(target, (*trail, node))
        done.add(node)

    for node in graph:
        visit(node, ())


def _module_imports(path: Path) -> set[str]:
    return {
        node.module
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module
    }


@pytest.mark.parametrize("path", WORKBOOK, ids=lambda p: p.name)
def test_each_workbook_module_says_what_it_owns_and_imports(path: Path) -> None:
    """Test that every workbook module opens with a docstring naming what it owns and imports."""
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    if path.stem == "__init__":
        assert "Layers" in docstring
        return
    assert "Owns" in docstring
    assert "Imports" in docstring


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_ui_modules_and_functions_stay_small(path: Path) -> None:
    """Test that a UI module is at most 400 lines and none of its functions over 60."""
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES
    long = [
        f"{node.name}: {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


def test_the_picture_of_layers_matches_the_imports() -> None:
    """Test that docs/architecture.md draws the imports the code has today."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "layers.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout
