"""The output folder's own files: the manifest ``runs.json`` and the temporary folders."""

from __future__ import annotations

import json

import pytest

from asnpolicy.reports.manifest import read_manifest, record_run, relative_path

from .helpers import (
    ALL_OK,
    NOTEBOOKS,
    REGIONS,
    fixture_run,
    killed_runners_temporary_folder,
)


class TestFullRun:
    def test_manifest_records_each_run(self, full_run):
        _, out = full_run
        runs = json.loads((out / "runs.json").read_text())["runs"]
        assert len(runs) == len(REGIONS) * len(NOTEBOOKS)
        entry = runs[f"bangko/{NOTEBOOKS[0].stem}"]
        assert entry["status"] == "ok" and entry["duration_s"] > 0 and entry["synthetic"] is True
        assert entry["html"] == f"bangko/{NOTEBOOKS[0].stem}.html"


class TestFailures:
    def test_the_stale_temporary_folder_of_a_killed_run_is_removed(self, sample, previous):
        stale = killed_runners_temporary_folder(previous)
        (stale / "bangko").mkdir()
        (stale / "bangko" / "report_fixture.html").write_text("half")
        done = fixture_run(sample, previous, "--region", "bangko", "--workers", 1, env=ALL_OK)
        assert done.returncode == 0 and not stale.exists()

    def test_the_users_folders_named_like_temporary_ones_are_kept(self, sample, previous):
        """Only folders the runner made (with its marker) are removed, never a user's
        ``.tmp-notes`` or a ``.tmp-<dead pid>-...`` of another program."""
        stale = killed_runners_temporary_folder(previous)
        users = [previous / ".tmp-notes", previous / ".tmp-99999999-x"]
        for folder in users:
            folder.mkdir()
            (folder / "notes.txt").write_text("mine")
        done = fixture_run(sample, previous, "--region", "bangko", "--workers", 1, env=ALL_OK)
        assert done.returncode == 0, done.stderr
        assert not stale.exists()
        for folder in users:
            assert (folder / "notes.txt").read_text() == "mine", folder.name


class TestRecord:
    def entry(self, status: str, finished: str) -> dict:
        html = "pauh/01.html" if status == "ok" else "pauh/01.failed.html"
        return {
            "region": "pauh",
            "notebook": "01",
            "status": status,
            "finished": finished,
            "html": html,
        }

    def test_a_failure_keeps_the_last_good_report(self, tmp_path):
        out, tmp = tmp_path / "out", tmp_path / "out" / ".tmp-1"
        out.mkdir()
        record_run(self.entry("ok", "t1"), out, tmp)
        assert read_manifest(out)["pauh/01"]["last_good"] is None
        record_run(self.entry("failed", "t2"), out, tmp)
        good = {"html": "pauh/01.html", "finished": "t1"}
        assert read_manifest(out)["pauh/01"]["last_good"] == good
        record_run(self.entry("failed", "t3"), out, tmp)  # failed again: the same last good
        assert read_manifest(out)["pauh/01"] == {**self.entry("failed", "t3"), "last_good": good}
        record_run(self.entry("ok", "t4"), out, tmp)
        assert read_manifest(out)["pauh/01"]["last_good"] is None
        assert list(tmp.iterdir()) == [], "nothing is left staged"
        assert (out / "runs.json").stat().st_mode & 0o777 == 0o644

    @pytest.mark.parametrize("text", ["", "not json", "[1]", '{"runs": [1]}'])
    def test_an_unreadable_manifest_counts_as_empty(self, tmp_path, text):
        (tmp_path / "runs.json").write_text(text, encoding="utf-8")
        assert read_manifest(tmp_path) == {}

    def test_paths_are_recorded_relative_to_out(self, tmp_path):
        assert relative_path(tmp_path / "pauh" / "01.html", tmp_path) == "pauh/01.html"
        assert relative_path(None, tmp_path) is None
