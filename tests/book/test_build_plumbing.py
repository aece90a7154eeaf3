"""Build plumbing: deterministic notebook outputs (antbook.book.build)."""

from __future__ import annotations

import nbformat

from antbook.book.bench import median_run
from antbook.book.build import WIDGET_VIEW, clean_outputs


def test_clean_outputs_drops_widget_views_and_state():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "fig", WIDGET_VIEW: {"model_id": "abc123", "version_major": 2}})]
    cell.metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00"}
    nb.cells = [cell]
    nb.metadata["widgets"] = {"state": {}}
    clean = clean_outputs(nb)
    assert "widgets" not in clean.metadata
    assert clean.cells[0].outputs[0]["data"] == {"text/plain": "fig"}
    assert "execution" not in clean.cells[0].metadata



def test_the_page_report_keeps_the_median_lighthouse_run_and_the_range():
    runs = [{"performance": 92, "TBT": 300}, {"performance": 99, "TBT": 20},
            {"performance": 97, "TBT": 150}]
    median = median_run(runs)
    assert (median["performance"], median["TBT"]) == (97, 150)   # one run's own figures
    assert median["perf_range"] == (92, 99)
    assert median_run(runs[:1])["perf_range"] == (92, 92)
