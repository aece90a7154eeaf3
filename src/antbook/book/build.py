"""Build plumbing: the site's own Vega runtime and deterministic notebook execution.

Run as ``python -m antbook.book.build COMMAND``:

``vega-runtime DIR``
    Write the Vega, Vega-Lite and vega-embed runtime (from vl-convert) into ``DIR``, once for
    the whole site, so that charts draw with no request leaving the site.
``execute NOTEBOOK ...``
    Run each notebook top to bottom in a fresh kernel and store it in place, without anything
    that changes from run to run (widget state and ids, timings).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def toc_documents(toc: Path) -> list[str]:
    """Every document a jupyter-book ``_toc.yml`` lists, in reading order (root first), without
    extension."""
    import yaml

    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    docs = [data["root"]]
    for part in data.get("parts", []):
        docs += [c["file"] for c in part.get("chapters", [])]
    return docs


RUNTIME_NAME = "vega-runtime.js"


def write_vega_runtime(folder: Path) -> Path:
    """Write vl-convert's Vega bundle as one classic script that defines ``window.vegaEmbed``.

    The bundle declares top-level ``const`` names; wrapping it in a function keeps them out of
    the page's global scope (where they would clash with other scripts) while the bundle's own
    last lines still set ``window.vegaEmbed``, ``window.vega`` and ``window.vegaLite``.
    """
    import vl_convert as vlc

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / RUNTIME_NAME
    text = "/* Vega, Vega-Lite and vega-embed, from vl-convert-python " + vlc.__version__ + \
        " (BSD-3-Clause). */\n(function () {\n" + vlc.javascript_bundle() + "\n})();\n"
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target


def clean_outputs(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what differs between two runs of the same notebook.

    A widget's view names a random model id and needs a live kernel; the site shows each
    interactive's browser form instead, and a reader who runs the notebook gets a fresh widget.
    """
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
                output.get("metadata", {}).pop(WIDGET_VIEW, None)
    return nb


def execute_notebook(path: Path, timeout: int = 600) -> float:
    """Execute ``path`` in place in a fresh kernel; return the seconds it took."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    # Widget state is stored during the run (nbclient needs it for Output widgets) and dropped
    # afterwards by clean_outputs.
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            record_timing=False)
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nbformat.write(clean_outputs(nb), path)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m antbook.book.build")
    sub = parser.add_subparsers(dest="command", required=True)
    runtime = sub.add_parser("vega-runtime", help="write the site's Vega runtime")
    runtime.add_argument("folder", type=Path)
    execute = sub.add_parser("execute", help="execute notebooks in place")
    execute.add_argument("notebooks", type=Path, nargs="+")
    args = parser.parse_args(argv)
    if args.command == "vega-runtime":
        print(f"wrote {write_vega_runtime(args.folder)}")
    else:
        for i, path in enumerate(args.notebooks, start=1):
            print(f"[{i}/{len(args.notebooks)}] executing {path} ...", flush=True)
            print(f"    done in {execute_notebook(path):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
