"""The instructor's view: every chapter notebook run live in JupyterLab with no internet.

JupyterLab is started from ``.venv`` on 127.0.0.1 (a free port, a token, no browser) over a copy
of the notebooks; Debian's chromium opens each notebook, runs all its cells in a fresh kernel, and
the test asserts that

* no cell (and no widget callback) raises;
* every chart draws: an svg or canvas of non-zero size, drawn by JupyterLab's own Vega-Lite
  renderer, and every cell whose stored notebook holds a chart shows one live;
* every ipywidgets control changes what it controls (a chart or a status text);
* no request leaves 127.0.0.1 (anything else is refused and recorded).

The waits are generous (a shared machine may be slow); no assertion is about time.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, toc_notebooks

from antbook.charts import FRONT_END_VARIABLE, VEGALITE_MIMETYPE

pytestmark = pytest.mark.browser

VENV_BIN = Path(sys.executable).parent
START_TIMEOUT_S = 180
RUN_TIMEOUT_MS = 15 * 60 * 1000  # all cells of one notebook, on a busy machine
DRAW_TIMEOUT_MS = 120 * 1000
CHANGE_TIMEOUT_MS = 30 * 1000

SETTINGS = {
    # every cell rendered (no virtual scrolling), so every chart is in the page
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # no news or update checks
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """(base URL, token, notebook folder) of a JupyterLab serving a copy of the notebooks."""
    home = tmp_path_factory.mktemp("lab")
    notebooks = home / "book"
    for notebook in toc_notebooks():
        target = notebooks / notebook.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(notebook, target)
    for name, value in SETTINGS.items():
        path = home / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k != FRONT_END_VARIABLE}
    env.update(PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
               JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"),
               JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "run"),
               IPYTHONDIR=str(home / "ipython"))
    command = [str(VENV_BIN / "jupyter-lab"), "--no-browser", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={notebooks}",
               "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               "--LabApp.extension_manager=readonly"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI and these machines run as root
        command.append("--allow-root")
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(f"{base}api/status?token={token}", timeout=5) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail("JupyterLab did not start:\n" + (home / "lab.log").read_text()[-3000:])
        time.sleep(0.5)
    yield base, token, notebooks
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


def _stored_chart_cells(notebook: Path) -> list[int]:
    """Indexes of the cells whose stored outputs hold a chart."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [i for i, c in enumerate(cells)
            if any(VEGALITE_MIMETYPE in o.get("data", {}) for o in c.get("outputs", []))]


PANEL_JS = """path => {
  for (const w of jupyterapp.shell.widgets('main'))
    if (w.context && w.context.path === path && w.content && w.sessionContext) return true;
  return false;
}"""

FIND_PANEL = """const panel = (() => {
  for (const w of jupyterapp.shell.widgets('main'))
    if (w.context && w.context.path === path) return w;
})();"""

KERNEL_IDLE_JS = "path => { " + FIND_PANEL + """
  const s = panel.sessionContext;
  return !!(s.session && s.session.kernel) && s.kernelDisplayStatus === 'idle'; }"""

RUN_ALL_JS = "async path => { " + FIND_PANEL + """
  jupyterapp.shell.activateById(panel.id);
  return await jupyterapp.commands.execute('notebook:run-all-cells'); }"""

ERRORS_JS = "path => { " + FIND_PANEL + """
  const found = [];
  panel.content.widgets.forEach((cell, i) => {
    if (cell.model.type !== 'code') return;
    for (const o of cell.model.outputs.toJSON()) {
      if (o.output_type === 'error') found.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
      const text = [].concat(o.text || []).join('');
      if (o.name === 'stderr' && /Traceback|Error/.test(text))
        found.push(`cell ${i} (stderr): ${text.slice(0, 300)}`);
    }
  });
  return found; }"""

CHARTS_JS = "path => { " + FIND_PANEL + """
  const cells = panel.content.widgets.map((cell, i) => {
    const node = cell.node;
    const charts = Array.from(node.querySelectorAll('.jp-RenderedVegaCommon5')).map(el => {
      const g = el.querySelector('svg, canvas');
      if (!g) return [0, 0];
      const r = g.getBoundingClientRect();
      return [r.width, r.height];
    });
    return {i: i, charts: charts,
            widget: !!node.querySelector('.jupyter-widgets'),
            widgetOutput: !!node.querySelector('.widget-output'),
            fallback: node.querySelectorAll('.antbook-chart').length,
            text: node.innerText.includes('Could not load the chart library') ||
                  node.innerText.includes('This chart could not be drawn')};
  });
  return cells; }"""

# Every control of the widgets in a cell's output, in page order, as [kind, index within kind].
CONTROLS = {
    "slider": ".jp-OutputArea .widget-slider .noUi-target",
    "dropdown": ".jp-OutputArea .widget-dropdown select",
    "multiple": ".jp-OutputArea .widget-select-multiple select",
    "button": ".jp-OutputArea button.widget-button",
    "toggle": ".jp-OutputArea .widget-toggle-buttons button:not(.mod-active)",
    "checkbox": ".jp-OutputArea .widget-checkbox input",
}

# What a control controls: the widget's Output (its charts drawn on canvas are compared by their
# pixels) and its HTML texts.
CONTROLLED_JS = """cell => Array.from(cell.querySelectorAll(
  '.jp-OutputArea .widget-output, .jp-OutputArea .widget-html')).map(el => el.innerHTML +
  Array.from(el.querySelectorAll('canvas')).map(c => c.toDataURL()).join('')).join('\\n')"""


def _wait_for_change(page, cell, before: str) -> str:
    try:
        page.wait_for_function(
            "([cell, before]) => (" + CONTROLLED_JS + ")(cell) !== before && "
            "!cell.querySelector('.jp-OutputArea .widget-output .jp-RenderedVegaCommon5:empty')",
            arg=[cell, before], timeout=CHANGE_TIMEOUT_MS, polling=250)
    except Exception:  # noqa: BLE001 - a timeout: the assertion below reports it
        pass
    return cell.evaluate(CONTROLLED_JS)


def _operate(page, kind: str, control, attempt: int = 0) -> None:
    """Move a control to another value as a reader would (a click, or the keyboard)."""
    if kind == "slider":
        handle = control.locator(".noUi-handle")
        at_max = handle.evaluate("el => el.getAttribute('aria-valuenow') === "
                                 "el.getAttribute('aria-valuemax')")
        if attempt % 2:
            handle.focus()
            page.keyboard.press("Home" if at_max else "End")
        else:  # a click on the track's far end, away from where the handle is
            box = control.bounding_box()
            x = box["x"] + (2 if at_max else box["width"] - 2)
            page.mouse.click(x, box["y"] + box["height"] / 2)
    elif kind == "dropdown":
        count = control.evaluate("el => el.options.length")
        current = control.evaluate("el => el.selectedIndex")
        control.select_option(index=(current + 1) % count)
    elif kind == "multiple":
        control.select_option(index=0)
    else:
        control.click()


def _moved(page, kind: str, control, cell) -> bool:
    """Operate ``control``; whether what it controls changed. A slider's move is tried again
    (by keyboard, then by mouse) if the page was still laying out charts and it did not take:
    a control that does nothing stays unchanged however often it is moved."""
    for attempt in range(3 if kind == "slider" else 1):
        control.scroll_into_view_if_needed()
        before = cell.evaluate(CONTROLLED_JS)
        _operate(page, kind, control, attempt)
        if _wait_for_change(page, cell, before) != before:
            return True
    return False


@pytest.mark.parametrize("notebook", toc_notebooks(), ids=lambda p: p.stem)
def test_notebook_runs_live_offline_and_every_chart_and_control_works(browser, lab, notebook):
    base, token, _ = lab
    path = notebook.relative_to(ROOT).as_posix()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []

    def local(url: str) -> bool:
        return url.startswith((base, "data:", "blob:", "about:"))

    def route(r):
        if local(r.request.url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    context.on("request", lambda r: None if local(r.url) else outside.append(r.url))
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    try:
        # a workspace of its own, so JupyterLab does not reopen the notebooks of earlier tests
        page.goto(f"{base}lab/workspaces/{notebook.stem}/tree/{path}?reset&token={token}",
                  wait_until="load")
        page.wait_for_function("() => window.jupyterapp && jupyterapp.shell", timeout=180_000)
        page.wait_for_function(PANEL_JS, arg=path, timeout=180_000)
        page.wait_for_function(KERNEL_IDLE_JS, arg=path, timeout=180_000, polling=500)

        page.set_default_timeout(RUN_TIMEOUT_MS)
        page.evaluate(RUN_ALL_JS, path)
        page.wait_for_function(KERNEL_IDLE_JS, arg=path, timeout=RUN_TIMEOUT_MS, polling=500)
        errors = page.evaluate(ERRORS_JS, path)
        assert errors == [], f"{path}: errors when run live: {errors}"

        # every chart drawn (waiting, generously, for JupyterLab's renderer to finish)
        try:
            page.wait_for_function(
                "path => (" + CHARTS_JS + ")(path).every(c => c.charts.every("
                "([w, h]) => w > 0 && h > 0))", arg=path, timeout=DRAW_TIMEOUT_MS, polling=500)
        except Exception:  # noqa: BLE001 - the assertions below say what did not draw
            pass
        cells = {c["i"]: c for c in page.evaluate(CHARTS_JS, path)}
        drawn = sum(len(c["charts"]) for c in cells.values())
        undrawn = [c["i"] for c in cells.values() if any(w <= 0 or h <= 0 for w, h in c["charts"])]
        assert undrawn == [], f"{path}: charts in cells {undrawn} did not draw"
        fallbacks = [c["i"] for c in cells.values() if c["fallback"] or c["text"]]
        assert fallbacks == [], f"{path}: cells {fallbacks} show the HTML/CDN fallback"
        missing = [i for i in _stored_chart_cells(notebook)
                   if not cells[i]["charts"] and not (cells[i]["widget"]
                                                      and not cells[i]["widgetOutput"])]
        assert missing == [], f"{path}: cells {missing} hold a chart when stored, none live"
        if _stored_chart_cells(notebook):
            assert drawn > 0

        # every control changes what it controls
        panel_id = page.evaluate("path => { " + FIND_PANEL + " return panel.id; }", path)
        notebook_node = page.locator(f"[id='{panel_id}'] .jp-Notebook")
        dead = []
        for i, info in cells.items():
            if not info["widget"]:
                continue
            cell = notebook_node.locator(".jp-Cell").nth(i)
            handle = cell.element_handle()
            for kind, selector in CONTROLS.items():
                for k in range(cell.locator(selector).count()):
                    if not _moved(page, kind, cell.locator(selector).nth(k), handle):
                        dead.append(f"cell {i}: {kind} {k}")
        assert dead == [], f"{path}: controls that changed nothing: {dead}"
        errors = page.evaluate(ERRORS_JS, path)
        assert errors == [], f"{path}: errors from the controls: {errors}"
        assert "Traceback" not in notebook_node.inner_text()
        assert outside == [], f"{path}: requests beyond 127.0.0.1: {sorted(set(outside))[:10]}"
    finally:
        context.close()
