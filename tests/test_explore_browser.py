"""Notebook 05 in a real browser: JupyterLab (this interpreter's), headless Chromium driven by
Selenium. Run all cells, move the selection panel's CAT-SKB weight slider with the keyboard,
and check that the numbers the page shows change to the ones ``asnpolicy.explore`` computes
for that choice.

Skipped (one line) without Selenium, Chromium or ChromeDriver; ``.ci/run`` installs the two
browsers' packages on a bare Debian machine. A screenshot of the page is written to
``test-artifacts/explore-browser.png``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

try:
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
except ImportError:  # pragma: no cover - depends on the environment
    webdriver = None

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
NOTEBOOK = "notebooks/05_explore.ipynb"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(webdriver is None, reason="selenium is not installed"),
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (chromium) on PATH"),
    pytest.mark.skipif(CHROMEDRIVER is None, reason="no ChromeDriver (chromedriver) on PATH"),
]

#: Seconds to wait for: the server to answer, the page and kernel to be ready, all cells to
#: run, and the panel to show new numbers after the slider moved.
SERVER_TIMEOUT = 60
READY_TIMEOUT = 90
RUN_TIMEOUT = 300
UPDATE_TIMEOUT = 60


# --------------------------------------------------------------------------------------------
# JupyterLab server and browser (also usable on another notebook while debugging)
# --------------------------------------------------------------------------------------------


@dataclass
class Lab:
    """A running JupyterLab server."""

    process: subprocess.Popen
    port: int
    token: str
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return f"{self.base}/lab/tree/{path}?token={self.token}"

    def log_tail(self, n: int = 4000) -> str:
        try:
            return self.log.read_text(errors="replace")[-n:]
        except OSError:
            return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    """Terminate the process we started (by its id), then kill it if it lingers."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)


def lab_environment(home: Path) -> dict[str, str]:
    """Environment for a server that touches nothing of the user's: Jupyter's config, data
    and runtime folders in ``home``, the kernel ``python3`` being this interpreter, and
    JupyterLab's news (announcements) plugin disabled."""
    env = dict(os.environ)
    folders = {
        "JUPYTER_CONFIG_DIR": home / "config",
        "JUPYTER_DATA_DIR": home / "data",
        "JUPYTER_RUNTIME_DIR": home / "runtime",
        "IPYTHONDIR": home / "ipython",
    }
    for name, folder in folders.items():
        folder.mkdir(parents=True, exist_ok=True)
        env[name] = str(folder)
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    # The user data folder comes first on the kernel search path: "python3" is this Python.
    spec = folders["JUPYTER_DATA_DIR"] / "kernels" / "python3"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
            }
        )
    )
    # JupyterLab's own settings and workspaces in ``home`` too; every cell stays in the page
    # (no windowing: a panel scrolled out of view is still in the DOM).
    env["JUPYTERLAB_SETTINGS_DIR"] = str(home / "lab-settings")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(home / "lab-workspaces")
    tracker = home / "lab-settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True, exist_ok=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    labconfig = folders["JUPYTER_CONFIG_DIR"] / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    return env


@contextlib.contextmanager
def jupyterlab(root: Path, home: Path) -> Iterator[Lab]:
    """Start JupyterLab on ``root`` (a free port, a random token, 127.0.0.1 only), wait for
    ``/api/status``, and stop it again by its process id."""
    env = lab_environment(home)
    port, token = _free_port(), secrets.token_hex(16)
    log = home / "jupyterlab.log"
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser",
        f"--port={port}", "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        "--ServerApp.terminals_enabled=False",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI containers often run as root
        command.append("--allow-root")
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    lab = Lab(process, port, token, log)
    try:
        deadline = time.monotonic() + SERVER_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"JupyterLab exited ({process.returncode}):\n{lab.log_tail()}")
            try:
                request = urllib.request.Request(
                    f"{lab.base}/api/status", headers={"Authorization": f"token {token}"}
                )
                with urllib.request.urlopen(request, timeout=5) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer in {SERVER_TIMEOUT} s:\n{lab.log_tail()}")
            time.sleep(0.3)
        yield lab
    finally:
        _stop(process)


@contextlib.contextmanager
def chromium(profile: Path, language: str = "id-ID") -> Iterator[webdriver.Chrome]:
    """Headless Chromium with a fresh profile in ``profile``."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions",
        "--window-size=1400,2400", f"--user-data-dir={profile}", f"--lang={language}",
    ):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        driver.set_script_timeout(RUN_TIMEOUT)
        yield driver
    finally:
        driver.quit()


# JavaScript run in the page through window.jupyterapp (LabApp.expose_app_in_browser).
# Each takes the notebook's path and resolves with {ok, ...} or {ok: false, error}.
_NOTEBOOK_PANEL = """
async function notebookPanel(app, path) {
  await app.started;
  await app.restored;
  for (let i = 0; i < 600; i++) {
    const found = app.shell.widgets ? Array.from(app.shell.widgets('main')) : [];
    const panel = found.find(w => w.context && w.context.path === path && w.sessionContext);
    if (panel) return panel;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('no notebook panel for ' + path);
}
"""

WAIT_READY_JS = (
    _NOTEBOOK_PANEL
    + """
const [path, done] = [arguments[0], arguments[arguments.length - 1]];
(async () => {
  const panel = await notebookPanel(window.jupyterapp, path);
  await panel.context.ready;
  await panel.sessionContext.ready;
  await panel.content.fullyRendered;
  let kernel = null;
  for (let i = 0; i < 600 && !kernel; i++) {
    kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (!kernel) await new Promise(r => setTimeout(r, 100));
  }
  await kernel.info;
  const future = kernel.requestExecute(
    {code: 'import sys; print(sys.executable)', silent: false, store_history: false});
  let out = '';
  future.onIOPub = msg => {
    if (msg.header.msg_type === 'stream') out += msg.content.text;
  };
  await future.done;
  const config = panel.content.notebookConfig || {};
  done({ok: true, id: panel.id, kernel: kernel.name, executable: out.trim(),
        windowing: config.windowingMode || null});
})().catch(e => done({ok: false, error: String(e && e.stack || e)}));
"""
)

RUN_ALL_JS = (
    _NOTEBOOK_PANEL
    + """
const [path, done] = [arguments[0], arguments[arguments.length - 1]];
(async () => {
  const app = window.jupyterapp;
  const panel = await notebookPanel(app, path);
  app.shell.activateById(panel.id);
  const ran = await app.commands.execute('notebook:run-all-cells');
  const cells = panel.content.widgets.filter(c => c.model.type === 'code');
  done({ok: true, ran: ran, counts: cells.map(c => c.model.executionCount)});
})().catch(e => done({ok: false, error: String(e && e.stack || e)}));
"""
)

VALUES_JS = """
const page = document.getElementById(arguments[0]);
const root = page && page.querySelector(arguments[1]);
if (!root) return null;
const values = {};
for (const span of root.querySelectorAll('.ap-value[data-key]')) {
  values[span.dataset.key] = span.textContent;
}
return values;
"""

ERRORS_JS = """
const found = [];
const page = document.getElementById(arguments[0]) || document;
for (const out of page.querySelectorAll('.jp-OutputArea-output')) {
  const mime = out.getAttribute('data-mime-type') || '';
  const text = out.textContent || '';
  if ((mime === 'application/vnd.jupyter.stderr' && text.includes('Traceback'))
      || out.querySelector('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]')
         && text.includes('Traceback')
      || (mime === 'application/vnd.jupyter.error')) {
    found.push(text.slice(0, 2000));
  }
}
return found;
"""


def wait_ready(driver, lab: Lab, path: str) -> dict:
    """Open ``path`` in JupyterLab and wait for the notebook and its kernel."""
    driver.get(lab.url(path))
    deadline = time.monotonic() + READY_TIMEOUT
    while not driver.execute_script("return !!(window.jupyterapp && window.jupyterapp.shell)"):
        if time.monotonic() > deadline:
            pytest.fail(f"JupyterLab did not load in {READY_TIMEOUT} s:\n{lab.log_tail()}")
        time.sleep(0.3)
    ready = driver.execute_async_script(WAIT_READY_JS, path)
    assert ready["ok"], ready.get("error")
    return ready


def run_all(driver, path: str) -> dict:
    """Run every cell of the notebook (``notebook:run-all-cells``) and wait for the end."""
    ran = driver.execute_async_script(RUN_ALL_JS, path)
    assert ran["ok"], ran.get("error")
    return ran


def panel_values(
    driver, page: str, root: str, timeout: float, differ_from: dict | None = None
) -> dict:
    """The ``data-key -> text`` of the ``.ap-value`` spans under ``root`` in the notebook
    whose element id is ``page``, once some are shown (and, given ``differ_from``, once they
    differ from it); both after they stopped changing for a second."""
    deadline = time.monotonic() + timeout
    last, stable_since = None, 0.0
    while True:
        values = driver.execute_script(VALUES_JS, page, root) or {}
        now = time.monotonic()
        if values != last:
            last, stable_since = values, now
        elif values and (differ_from is None or values != differ_from):
            if now - stable_since >= 1.0:  # no change for a second: the update is done
                return values
        if now > deadline:
            return values
        time.sleep(0.25)


def error_outputs(driver, page: str) -> list[str]:
    """Outputs of the notebook ``page`` (its element id) that show a Python traceback."""
    return driver.execute_script(ERRORS_JS, page)


def screenshot(driver, name: str, element=None) -> Path:
    """Save the window (scrolled to ``element`` when given) as ``test-artifacts/<name>``."""
    if element is not None:
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", element)
        time.sleep(0.3)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    return path


# --------------------------------------------------------------------------------------------
# Notebook 05_explore
# --------------------------------------------------------------------------------------------

SELECTION = ".ap-panel-selection"
#: Numbers the selection panel must show (the rest are compared when shown).
SHOWN_KEYS = {"hires_changed", "expected_scenario", "difference", "cost_per_hire_scenario"}
#: Slider steps (of 5 points) the test moves CAT-SKB's weight by.
STEPS = 4


def notebook_parameters(path: Path) -> dict:
    """The values of the notebook's ``parameters`` cell (what the panels are built with)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    values: dict = {}
    exec(cell.source, {}, values)
    return values


def notebook_in(project: Path, lang: str) -> str:
    """05_explore in ``lang``: the notebook itself for Indonesian, else a copy beside it whose
    parameters cell sets ``lang``. Returns its path relative to the project."""
    if lang == "id":
        return NOTEBOOK
    import nbformat

    source = project / NOTEBOOK
    nb = nbformat.read(source, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source, n = re.subn(r"^lang = .*$", f'lang = "{lang}"', cell.source, flags=re.M)
    assert n == 1, "the parameters cell of 05_explore sets no `lang`"
    copy = source.with_name(f"{source.stem}_{lang}.ipynb")
    nbformat.write(nb, copy)
    return str(copy.relative_to(project))


def expected_selection(project: Path, notebook: str, cat_weight: float | None) -> dict:
    """What the selection panel of ``notebook`` shows for CAT-SKB weight ``cat_weight``
    (None: the panel's first choice), computed in Python as the notebook's panel does."""
    import asnpolicy as ap
    from asnpolicy.designs import default_sd_y, official_design
    from asnpolicy.explore import displayed_values, initial_selection_choice, selection_effect

    p = notebook_parameters(project / notebook)
    ds = ap.load_dataset(project / p["data_dir"], region=p["region"])
    choice = initial_selection_choice(ds)
    if cat_weight is not None:
        choice = dataclasses.replace(choice, cat_weight=cat_weight)
    effect = selection_effect(
        ds, choice, official=official_design(ds), stage_costs=p["stage_costs"],
        sd_y=default_sd_y(ds), tenure_years=p["tenure_years"], n_boot=p["n_boot"],
    )  # fmt: skip
    return displayed_values(effect, lang=p["lang"], small_cell_min=p["small_cell_min"])


def same_as_shown(expected: dict, shown: dict) -> dict:
    """``expected`` restricted to the keys the page shows."""
    return {k: v for k, v in expected.items() if k in shown}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the project's layout (pyproject.toml, notebooks/) with one region of the
    sample data at full scale (enough recruits for the selection panel)."""
    from asnpolicy.synth import generate

    if not (ROOT / NOTEBOOK).exists():
        pytest.skip(f"{NOTEBOOK} is not there yet")
    folder = tmp_path_factory.mktemp("explore-project")
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    shutil.copytree(ROOT / "notebooks", folder / "notebooks")
    generate(seed=2026, regions=["bangko"]).save(folder / "data" / "sample")
    return folder


@pytest.fixture(scope="module")
def lab(project, tmp_path_factory) -> Iterator[Lab]:
    with jupyterlab(project, tmp_path_factory.mktemp("jupyter")) as server:
        yield server


@pytest.fixture(scope="module")
def driver(tmp_path_factory) -> Iterator[webdriver.Chrome]:
    try:
        with chromium(tmp_path_factory.mktemp("chromium-profile")) as browser:
            yield browser
    except WebDriverException as err:  # pragma: no cover - a broken browser install
        pytest.fail(f"Chromium did not start: {err.msg}")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_moving_the_cat_weight_slider_shows_the_numbers_python_computes(lang, project, lab, driver):
    notebook = notebook_in(project, lang)
    ready = wait_ready(driver, lab, notebook)
    assert ready["kernel"] == "python3"
    assert Path(ready["executable"]) == Path(sys.executable), "the kernel is another Python"
    page = ready["id"]

    ran = run_all(driver, notebook)
    assert ran["ran"] and None not in ran["counts"], error_outputs(driver, page)
    before = panel_values(driver, page, SELECTION, UPDATE_TIMEOUT)
    assert SHOWN_KEYS <= set(before), f"the selection panel shows {sorted(before)}"
    assert before == same_as_shown(expected_selection(project, notebook, None), before)
    for other in (".ap-panel-budget", ".ap-panel-remedial"):
        assert panel_values(driver, page, other, UPDATE_TIMEOUT), f"{other} shows no number"

    # CAT-SKB's weight (percent, step 5) moved STEPS steps with the keyboard, toward the
    # middle; the slider sends one change per key and the panel recomputes each time.
    panel = driver.find_element(By.ID, page)
    slider = panel.find_element(By.CSS_SELECTOR, f"{SELECTION} .ap-cat-weight")
    readout = slider.find_element(By.CSS_SELECTOR, ".widget-readout")
    start = int(readout.text)
    key, sign = (Keys.ARROW_LEFT, -1) if start > 50 else (Keys.ARROW_RIGHT, 1)
    target = start + sign * 5 * STEPS
    handle = slider.find_element(By.CSS_SELECTOR, ".noUi-handle")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", handle)
    handle.click()
    for _ in range(STEPS):
        handle.send_keys(key)
    assert int(readout.text) == target

    expected = expected_selection(project, notebook, target / 100)
    assert same_as_shown(expected, before) != before, "this move changes nothing to compare"
    after = panel_values(driver, page, SELECTION, UPDATE_TIMEOUT, differ_from=before)
    assert after != before, f"the panel did not change in {UPDATE_TIMEOUT} s"
    # the last recomputation may land after a first change: wait for the expected numbers
    deadline = time.monotonic() + UPDATE_TIMEOUT
    while after != same_as_shown(expected, after) and time.monotonic() < deadline:
        time.sleep(0.5)
        after = panel_values(driver, page, SELECTION, UPDATE_TIMEOUT)
    assert SHOWN_KEYS <= set(after)
    assert after == same_as_shown(expected, after)
    assert int(readout.text) == target

    assert error_outputs(driver, page) == []
    name = "explore-browser.png" if lang == "id" else f"explore-browser-{lang}.png"
    tabs = panel.find_elements(By.CSS_SELECTOR, ".ap-explore") or [slider]
    screenshot(driver, name, tabs[0])
