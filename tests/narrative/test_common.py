"""asnpolicy.narrative.common: the header and provenance every page has, sections, tables."""

from __future__ import annotations

import pandas as pd
import pytest

import asnpolicy as ap
from asnpolicy.narrative import common


class TestHeader:
    def test_banner_only_for_synthetic_data(self, pauh):
        assert "Data sintetis" in common.header(pauh, "workforce_title").data
        real = ap.Dataset(**pauh.tables(), source="data/pauh")
        assert "Synthetic" not in common.header(real, "workforce_title", lang="en").data

    def test_title_names_the_region(self, pauh):
        text = common.header(pauh, "workforce_title", lang="en").data
        assert text.splitlines()[0] == "# Workforce Needs: Pauh"
        # the data's own region: a dataset of two regions has no one name to put in a title
        two = ap.Dataset(
            **{
                **pauh.tables(),
                "regions": pd.concat(
                    [pauh.regions, pauh.regions.assign(region_id="kab_x", name="Kab. X")]
                ),
            }
        )
        with pytest.raises(ValueError, match="cover 2 regions"):
            common.header(two, "workforce_title")
        assert (
            "# Workforce Needs: A and B"
            in common.header(two, "workforce_title", lang="en", title="A and B").data
        )


class TestProvenance:
    def test_source_hash_and_version(self, pauh):
        assert "data sintetis asnpolicy" in common.provenance(pauh).data
        real = ap.Dataset(**pauh.tables(), source="data/pauh")
        text = common.provenance(real, lang="en").data
        assert "Synthetic" not in text and "Data source: data/pauh" in text
        assert real.content_hash() in text and ap.__version__ in text


class TestSection:
    def test_heading_in_the_language(self):
        assert common.section("wf_section_plan", lang="en").data == "## Formasi plan"


class TestShow:
    def test_numbers_right_text_left(self):
        html = common.show(pd.DataFrame({"unit": ["A"], "n": ["12"]})).to_html()
        assert '<td class="num" style="text-align:right">12</td>' in html
        assert "<td>A</td>" in html  # text keeps the table's left alignment


class TestFormatInterval:
    def test_both_languages(self):
        assert common.format_interval(1.54, 1.21, 1.87, "en", 1) == "1.5 [1.2; 1.9]"
        assert common.format_interval(1234.4, 1000, 2000, "id", 0) == "1.234 [1.000; 2.000]"
