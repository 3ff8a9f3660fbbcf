"""Text from the data never runs in a reader's browser and never breaks a figure.

An adversarial dataset: the sample data with script, image-error and link payloads, Markdown
and mathtext markup, a 300-character name and right-to-left text in every free-text column a
report may show (region, unit and position names, tasks, services, training programmes), in
a data folder whose own name is a payload. Every notebook runs for one region through
``asnpolicy report``; no page may hold a live payload, and every figure stays of a sane size.
"""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import pandas as pd
import pytest

import asnpolicy as ap
from asnpolicy import narrative, plots

EXE = Path(sys.executable).with_name("asnpolicy")

#: Markers: each payload calls alert() with its own number, so a page that carries one live
#: says which. A live payload is a script whose code or an attribute whose value calls it.
PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[klik](javascript:alert(3))",
    '<a href="javascript:alert(4)">x</a>',
    "<svg onload=alert(5)>",
    "Biaya $\\frac{$ dan $x^$",  # not valid mathtext: stops a figure that parses it
    "Dinas " + "Panjang " * 40,  # 300+ characters
    "\u202eدائرة الصحة\u202c",  # right-to-left text with a direction override
)
LIVE = re.compile(r"alert\(\d\)")
#: The largest figure a page may hold, in pixels (the report's figures are about 1,000 wide).
MAX_PIXELS = 3000


def hostile_copy(sample: Path, target: Path) -> Path:
    """The sample with a payload in every free-text cell (cycling through PAYLOADS)."""
    shutil.copytree(sample, target)
    columns = {
        "regions": ["name", "province"],
        "units": ["name"],
        "positions": ["title"],
        "workload": ["task"],
        "skm": ["service"],
        "training": ["program"],
    }
    for table, names in columns.items():
        frame = pd.read_csv(target / f"{table}.csv", dtype=str, keep_default_na=False)
        for name in names:
            cycle = [PAYLOADS[i % len(PAYLOADS)] for i in range(len(frame))]
            frame[name] = [f"{p} {old}" for p, old in zip(cycle, frame[name], strict=True)]
        frame.to_csv(target / f"{table}.csv", index=False)
    provenance = json.loads((target / "provenance.json").read_text(encoding="utf-8"))
    provenance["synthetic"] = False  # so that the page names the data folder
    (target / "provenance.json").write_text(json.dumps(provenance), encoding="utf-8")
    return target


class Live(HTMLParser):
    """Scripts and attributes of a page that would call one of the payloads' alerts."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs) -> None:
        self._script = tag == "script"
        for name, value in attrs:
            if value and LIVE.search(value):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag) -> None:
        self._script = False

    def handle_data(self, data) -> None:
        if self._script and LIVE.search(data):
            self.found.append(f"<script>{data[:80]}")


def live_payloads(page: str) -> list[str]:
    parser = Live()
    parser.feed(page)
    return parser.found


def image_sizes(page: str) -> list[tuple[int, int]]:
    """(width, height) of every PNG embedded in a page."""
    sizes = []
    for data in re.findall(r"data:image/png;base64,([A-Za-z0-9+/=\s]+)", page):
        image = mpimg.imread(io.BytesIO(base64.b64decode(data)), format="png")
        sizes.append((image.shape[1], image.shape[0]))
    return sizes


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    sample = ap.synth.generate(seed=2026).save(root / "sample")
    data = hostile_copy(sample, root / "data<img src=x onerror=alert(6)>")
    out = root / "out"
    done = subprocess.run(
        [str(EXE), "report", "--no-progress", "--data", str(data), "--region", "pauh"]
        + ["--out", str(out), "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    return done, out


class TestHostileText:
    def test_every_notebook_runs(self, hostile_run):
        done, out = hostile_run
        assert done.returncode == 0, done.stderr
        pages = sorted((out / "pauh").glob("*.html"))
        assert len(pages) == 4 and not any(".failed" in p.name for p in pages)

    def test_no_page_holds_a_live_payload(self, hostile_run):
        _, out = hostile_run
        pages = [out / "index.html", *sorted((out / "pauh").glob("*.html"))]
        for page in pages:
            text = page.read_text(encoding="utf-8")
            assert live_payloads(text) == [], page.name

    def test_the_payloads_show_as_text(self, hostile_run):
        # escaped, the reader sees what the data say
        _, out = hostile_run
        page = (out / "pauh" / "01_workforce_needs.html").read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "&lt;img src=x onerror=alert(2)&gt;" in page

    def test_figures_keep_a_sane_size(self, hostile_run):
        _, out = hostile_run
        for page in sorted((out / "pauh").glob("*.html")):
            for width, height in image_sizes(page.read_text(encoding="utf-8")):
                assert width <= MAX_PIXELS and height <= MAX_PIXELS, (page.name, width, height)


class TestEscapeMarkdown:
    @pytest.mark.parametrize("payload", PAYLOADS)
    def test_renders_as_the_text_itself(self, payload):
        from nbconvert.filters.markdown_mistune import markdown2html_mistune

        rendered = markdown2html_mistune(f"Unit {narrative.escape_markdown(payload)} ok")
        assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
        assert "<svg" not in rendered
        text = re.sub(r"<[^>]+>", "", rendered)
        from html import unescape

        assert unescape(text).strip() == f"Unit {' '.join(payload.split())} ok"


class TestShow:
    def test_cells_and_headers_are_escaped(self):
        table = pd.DataFrame({"<b>unit</b>": ["<script>alert(1)</script>"], "n": ["12"]})
        page = narrative.show(table).to_html()
        assert "<script>" not in page and "<b>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


class TestPlain:
    def test_dollar_is_never_math(self):
        fig, ax = plt.subplots()
        ax.set_yticks([0], [plots.plain("Biaya $\\frac{$ dan $x^$")])
        fig.canvas.draw()  # mathtext would raise ValueError (ParseException)
        plt.close(fig)

    def test_a_long_name_leaves_the_figure_its_size(self):
        ds = ap.synth.generate(regions=["pauh"], years=(2024,), scale=0.3)
        ds.units.loc[0, "name"] = "Dinas " + "Panjang Sekali " * 150
        ds.units.loc[1, "name"] = "\u202e" + "دائرة الصحة " * 100
        gap = ap.workforce.staffing_gap(ds)
        fig = plots.staffing_gap_by_unit(gap, ds, top=30)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")  # as the inline backend does
        plt.close(fig)
        height, width = mpimg.imread(io.BytesIO(buffer.getvalue()), format="png").shape[:2]
        assert width <= MAX_PIXELS and height <= MAX_PIXELS

    def test_long_and_right_to_left_names_are_cut(self):
        assert len(plots.plain("x" * 500)) == plots.LABEL_CHARS
        assert "\u202e" not in plots.plain("\u202eabc")
