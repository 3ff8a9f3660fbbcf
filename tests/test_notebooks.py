"""Each analysis notebook runs under papermill for every region on the sample data."""

from __future__ import annotations

import json
from pathlib import Path

import papermill as pm
import pytest

from asnpolicy.regions import region_ids
from asnpolicy.reports.plan import find_notebooks
from asnpolicy.synth import generate

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = find_notebooks(ROOT / "notebooks")  # the report notebooks


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory) -> Path:
    dataset = generate(seed=2026)
    return dataset.save(tmp_path_factory.mktemp("sample") / "sample")


def run(notebook: Path, out: Path, **parameters) -> dict:
    pm.execute_notebook(
        str(notebook),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(ROOT),
        progress_bar=False,
    )
    return json.loads(out.read_text())


def outputs(nb: dict) -> list[dict]:
    return [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]


def text_of(nb: dict) -> str:
    parts = []
    for o in outputs(nb):
        data = o.get("data", {})
        parts.append(
            "".join(data.get("text/markdown", ""))
            + "".join(data.get("text/html", ""))
            + "".join(data.get("text/plain", ""))
            + "".join(o.get("text", ""))
        )
    return "\n".join(parts)


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS][:1] == ["01_workforce_needs.ipynb"]


@pytest.mark.parametrize("region", region_ids())
def test_workforce_notebook_runs_for_every_region(region, sample_dir, tmp_path):
    nb = run(
        ROOT / "notebooks" / "01_workforce_needs.ipynb",
        tmp_path / "out.ipynb",
        region=region,
        data_dir=str(sample_dir),
    )
    assert not [o for o in outputs(nb) if o["output_type"] == "error"]
    text = text_of(nb)
    assert "Data sintetis" in text and "Analisis Kebutuhan Pegawai" in text
    assert "kekurangan" in text or "kelebihan" in text
    images = [o for o in outputs(nb) if "image/png" in o.get("data", {})]
    assert len(images) == 4  # pyramid, gap by unit, retirement wave, competency gaps
    # summary first: the first markdown outputs are the header, then the summary sentences
    markdown = [o for o in outputs(nb) if "text/markdown" in o.get("data", {})]
    assert "Per 31 Desember 2025" in "".join(markdown[1]["data"]["text/markdown"])
    # privacy: pseudonymous person ids never reach the report
    assert "e0000" not in text and "a0000" not in text


def test_workforce_notebook_in_english(sample_dir, tmp_path):
    nb = run(
        ROOT / "notebooks" / "01_workforce_needs.ipynb",
        tmp_path / "out.ipynb",
        region="pauh",
        data_dir=str(sample_dir),
        lang="en",
        horizon_years=3,
    )
    text = text_of(nb)
    assert "Synthetic data" in text and "Workforce Needs: Pauh" in text
    assert "In the next 3 years (2026-2028)" in text
    assert "Data sintetis" not in text


@pytest.mark.parametrize("region", region_ids())
def test_selection_notebook_runs_for_every_region(region, sample_dir, tmp_path):
    nb = run(
        ROOT / "notebooks" / "02_selection_outcomes.ipynb",
        tmp_path / "out.ipynb",
        region=region,
        data_dir=str(sample_dir),
        n_boot=30,
    )
    assert not [o for o in outputs(nb) if o["output_type"] == "error"]
    text = text_of(nb)
    assert "Seleksi Berbasis Kompetensi" in text and "Data sintetis" in text
    assert ": 0 pelamar yang keputusannya berbeda" in text  # the simulator's hires follow the rules
    images = [o for o in outputs(nb) if "image/png" in o.get("data", {})]
    # funnel, registration, panel reliability, designs; Bukittinggi (CAT only) has no panel
    # ratings, so its reliability section says what it needs instead of a figure
    assert len(images) == (3 if region == "bukittinggi" else 4)
    assert (region == "bukittinggi") == ('class="report-missing"' in text)
    assert "a0000" not in text and "e0000" not in text
    # issue 16, findings 4 and 7: no code or English message on the Indonesian page
    codes = ("cat_interview", "skd_only", "non_local", "gender", "origin", "Only ", "recruits")
    assert not [c for c in codes if c in text]
    assert "Rekomendasi" in text and "Catatan metodologi" in text


def test_selection_notebook_in_english_for_one_year(sample_dir, tmp_path):
    nb = run(
        ROOT / "notebooks" / "02_selection_outcomes.ipynb",
        tmp_path / "out.ipynb",
        region="bangko",
        data_dir=str(sample_dir),
        lang="en",
        year=2024,
        n_boot=30,
    )
    text = text_of(nb)
    assert "Competency-Based Selection: Bangko" in text and "Synthetic data" in text
    assert "Data sintetis" not in text
    assert "): 0 applicants whose" in text


def test_selection_notebook_with_published_validities(sample_dir, tmp_path):
    from asnpolicy.designs import meta_analytic_validities

    nb = run(
        ROOT / "notebooks" / "02_selection_outcomes.ipynb",
        tmp_path / "out.ipynb",
        region="bangko",
        data_dir=str(sample_dir),
        lang="en",
        validities={**meta_analytic_validities("external"), "twk": 0.1},
        n_boot=30,
    )
    assert not [o for o in outputs(nb) if o["output_type"] == "error"]
    text = text_of(nb)
    assert "with the validities given" in text and "SD above the official design" in text
    assert "Δ z" in text and "Successful (base rate 50 %)" in text


@pytest.mark.parametrize("region", region_ids())
def test_outcomes_notebook_runs_for_every_region(region, sample_dir, tmp_path):
    nb = run(
        ROOT / "notebooks" / "03_methods_performance_feedback.ipynb",
        tmp_path / "out.ipynb",
        region=region,
        data_dir=str(sample_dir),
        n_boot=30,
    )
    assert not [o for o in outputs(nb) if o["output_type"] == "error"]
    text = text_of(nb)
    assert "Metode Rekrutmen, Kinerja dan Umpan Balik" in text and "Data sintetis" in text
    assert "unit yang disurvei perlu pelatihan perbaikan" in text
    images = [o for o in outputs(nb) if "image/png" in o.get("data", {})]
    assert len(images) == 4  # validity forest, method effects, IKM per unit, training
    assert "Pelatihan dan hasilnya" in text and "Kenaikan nilai tes pelatihan terbesar" in text
    assert "Indikator sistem merit" in text and "Tidak terukur dari data" in text
    assert "a0000" not in text and "e0000" not in text


def test_outcomes_notebook_in_english(sample_dir, tmp_path):
    nb = run(
        ROOT / "notebooks" / "03_methods_performance_feedback.ipynb",
        tmp_path / "out.ipynb",
        region="bukittinggi",
        data_dir=str(sample_dir),
        lang="en",
        n_boot=30,
    )
    text = text_of(nb)
    assert "Recruitment Methods, Performance and Feedback: Bukittinggi" in text
    assert "Synthetic data" in text and "Data sintetis" not in text
    assert "surveyed units need remedial training" in text
    assert "Training and what it changed" in text and "Merit-system indicators" in text
    assert "Pelatihan" not in text and "perencanaan kebutuhan" not in text
