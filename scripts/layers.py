"""The picture of the workbook's layers, drawn from the code's own imports.

``python scripts/layers.py --write`` rewrites the mermaid block of ``docs/architecture.md``
between its ``layers`` markers; ``--check`` exits 1 when the block no longer matches the code
(``make test`` runs it through ``tests/test_architecture.py``). Nodes: ``app.py``, the pages
(one node), each ``workbook`` module, ``planner`` (one node, with its store and export parts
folded in) and ``streamlit``.
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
START, END = "<!-- layers:start -->", "<!-- layers:end -->"


def _node(module: str) -> str | None:
    """The picture's node for an imported module, or None when it is not drawn."""
    top = module.split(".")[0]
    if top == "workbook":
        parts = module.split(".")
        return f"workbook.{parts[1]}" if len(parts) > 1 else "workbook"
    if top in ("planner", "streamlit", "pages"):
        return top
    if top == "app":
        return "app"
    return None


def _imports(path: Path) -> set[str]:
    """The modules a file imports (absolute imports only: the project uses no other kind)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _sources() -> dict[str, list[Path]]:
    """The files behind each node that has imports of its own."""
    sources: dict[str, list[Path]] = {
        "app": [ROOT / "app.py"],
        "pages": sorted((ROOT / "pages").glob("*.py")),
        "planner": sorted((ROOT / "planner").rglob("*.py")),
    }
    for path in sorted((ROOT / "workbook").glob("*.py")):
        if path.stem != "__init__":
            sources[f"workbook.{path.stem}"] = [path]
    return sources


def import_graph() -> dict[str, set[str]]:
    """Node → the nodes it imports (no self-edges), from the files as they are now."""
    graph: dict[str, set[str]] = {}
    for name, paths in _sources().items():
        targets: set[str] = set()
        for path in paths:
            for module in _imports(path):
                node = _node(module)
                if node is not None and node != name and node != "workbook":
                    targets.add(node)
        graph[name] = targets
    return graph


def _id(node: str) -> str:
    return node.replace(".", "_")


def _layer(node: str) -> str:
    return "workbook" if node.startswith("workbook.") else node


def layers(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph folded to its layers: app, pages, workbook, planner, streamlit."""
    folded: dict[str, set[str]] = {}
    for source, targets in graph.items():
        into = folded.setdefault(_layer(source), set())
        into.update(_layer(target) for target in targets if _layer(target) != _layer(source))
    return folded


_LABELS = {
    "app": "app.py: the router",
    "pages": "pages/: nine steps and Plans",
    "workbook": "workbook/: the UI layer's shared code",
    "planner": "planner/: the pure core",
    "streamlit": "streamlit",
}


def mermaid(graph: dict[str, set[str]]) -> str:
    """Two mermaid flowcharts in a stable order: the layers, then the workbook's modules.

    The second leaves out the arrows to planner and streamlit (nearly every module has both).
    """
    lines = ["```mermaid", "flowchart TD"]
    lines += [f'    {node}["{label}"]' for node, label in _LABELS.items()]
    folded = layers(graph)
    for source in _LABELS:
        lines += [f"    {source} --> {target}" for target in sorted(folded.get(source, ()))]
    lines += ["```", "", "```mermaid", "flowchart TD"]
    modules = sorted(node for node in graph if node.startswith("workbook."))
    lines += [f'    {_id(node)}["{node.removeprefix("workbook.")}"]' for node in modules]
    for source in modules:
        lines += [
            f"    {_id(source)} --> {_id(target)}"
            for target in sorted(graph[source])
            if target.startswith("workbook.")
        ]
    lines.append("```")
    return "\n".join(lines)


def _block(text: str) -> tuple[int, int]:
    start, end = text.index(START) + len(START), text.index(END)
    return start, end


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", dest="mode", action="store_const", const="--write")
    mode.add_argument("--check", dest="mode", action="store_const", const="--check")
    args = parser.parse_args(argv)
    block = "\n" + mermaid(import_graph()) + "\n"
    if args.mode is None:
        print(block)
        return 0
    text = DOC.read_text(encoding="utf-8")
    start, end = _block(text)
    if args.mode == "--write":
        DOC.write_text(text[:start] + block + text[end:], encoding="utf-8")
        return 0
    if text[start:end] != block:
        print(
            f"{DOC.name}: the picture of layers is out of date;"
            " run: python scripts/layers.py --write"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
