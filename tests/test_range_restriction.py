"""Range-restriction corrections against published examples, psychmeta's formulas and simulation.

Expected values come from outside the module: a documented example of the R package
personnelSelectionUtility, psychmeta's R source transcribed in its own algebraic form (psychmeta
documents its example inputs but prints no output), and Monte-Carlo populations with a known
truth (fixed seeds).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asnpolicy.range_restriction import (
    correct_attenuation,
    correct_case2,
    correct_case4,
    correct_range_restriction,
    u_ratio,
)

N_ROWS = 2_000_000
TOP_SHARE = 0.30


# psychmeta's internal formulas (R/correct_r_internal.R, R/estimate_artifacts.R), transcribed.
def psychmeta_correct_uvdrr(rxyi, qyi=1.0, ux=1.0):
    rxpi = rxyi / qyi
    return rxpi / (ux * math.sqrt((1 / ux**2 - 1) * rxpi**2 + 1))


def psychmeta_attenuate_uvdrr(rxpa, ux):
    return ux * rxpa / np.sqrt((ux**2 - 1) * rxpa**2 + 1)


def psychmeta_correct_uvirr(rxyi, qxi, qyi, ut):
    rtpi = rxyi / (qxi * qyi)
    return rtpi / (ut * math.sqrt((1 / ut**2 - 1) * rtpi**2 + 1))


def psychmeta_ut_from_rxxi(ux, rxxi):
    return math.sqrt((rxxi * ux**2) / (1 + rxxi * ux**2 - ux**2))


def psychmeta_rxxa_from_rxxi(ux, rxxi):
    return 1 - ux**2 * (1 - rxxi)


def _top(score: np.ndarray, share: float) -> np.ndarray:
    return score >= np.quantile(score, 1 - share)


def _corr(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a, b)[0, 1])


@pytest.fixture(scope="module")
def direct_selection():
    """Applicants with corr(x, y) = .5; the top 30 % on x are hired."""
    rho = 0.5
    rng = np.random.default_rng(20060301)
    x = rng.standard_normal(N_ROWS)
    y = rho * x + math.sqrt(1 - rho**2) * rng.standard_normal(N_ROWS)
    hired = _top(x, TOP_SHARE)
    return {
        "rho": _corr(x, y),
        "r": _corr(x[hired], y[hired]),
        "u": u_ratio(x[hired].std(), x.std()),
    }


@pytest.fixture(scope="module")
def indirect_selection():
    """Hunter, Schmidt & Le's (2006) model: selection on S acts on X and Y only through T.

    T true predictor score, X = T + error (rxx_a = .8), P criterion true score with
    corr(T, P) = .6, Y = P + error, S = .8 T + .6 Z; the top 30 % on S are hired.
    """
    rxx_a, rho_tp, ryy_a = 0.8, 0.6, 0.7
    rng = np.random.default_rng(20060302)
    t = rng.standard_normal(N_ROWS)
    x = t + math.sqrt((1 - rxx_a) / rxx_a) * rng.standard_normal(N_ROWS)
    p = rho_tp * t + math.sqrt(1 - rho_tp**2) * rng.standard_normal(N_ROWS)
    y = p + math.sqrt((1 - ryy_a) / ryy_a) * rng.standard_normal(N_ROWS)
    s = 0.8 * t + 0.6 * rng.standard_normal(N_ROWS)
    hired = _top(s, TOP_SHARE)
    return {
        "operational": _corr(x, p),  # observed predictor with criterion true score, applicants
        "true_score": _corr(t, p),
        "r": _corr(x[hired], y[hired]),
        "u": u_ratio(x[hired].std(), x.std()),
        "rxx_a": _corr(x, t) ** 2,
        "ryy_i": _corr(y[hired], p[hired]) ** 2,  # criterion reliability among incumbents
    }


correlations = st.floats(-1.0, 1.0, allow_nan=False)
restrictions = st.floats(0.05, 1.0, allow_nan=False)
reliabilities = st.floats(0.3, 1.0, allow_nan=False)


class TestURatio:
    def test_ratio_and_domain_reciprocal(self):
        # DOMAIN.md: U = SD_applicants / SD_hired = 1 / u.
        assert u_ratio(6.0, 10.0) == pytest.approx(0.6)
        assert 1 / u_ratio(6.0, 10.0) == pytest.approx(10.0 / 6.0)

    def test_domain_formula_with_u_from_sds(self):
        sd_hired, sd_applicants, r = 4.0, 10.0, 0.3
        big_u = sd_applicants / sd_hired
        want = r * big_u / math.sqrt(1 - r**2 + r**2 * big_u**2)
        assert correct_case2(r, u_ratio(sd_hired, sd_applicants)) == pytest.approx(want, abs=1e-12)

    def test_broadcasts(self):
        got = u_ratio(np.array([[1.0], [2.0]]), np.array([4.0, 5.0, 8.0]))
        assert got.shape == (2, 3)
        assert got[1, 2] == pytest.approx(0.25)

    @pytest.mark.parametrize(("sd_i", "sd_a"), [(0.0, 1.0), (1.0, 0.0), (-1.0, 2.0)])
    def test_non_positive_sd(self, sd_i, sd_a):
        with pytest.raises(ValueError, match="standard deviations must be positive"):
            u_ratio(sd_i, sd_a)


class TestCorrectAttenuation:
    def test_matches_psychmeta_meas(self):
        # psychmeta correct_r_meas: rxp = rxy / sqrt(ryy).
        assert correct_attenuation(0.3, 0.64) == pytest.approx(0.375, abs=1e-12)
        assert isinstance(correct_attenuation(0.3, 0.64), float)

    def test_broadcasts(self):
        got = correct_attenuation(np.array([0.1, -0.2, 0.3]), np.array([[0.5], [0.9]]))
        assert got.shape == (2, 3)
        assert got[0, 1] == pytest.approx(-0.2 / math.sqrt(0.5))

    def test_r_above_ceiling(self):
        with pytest.raises(ValueError, match=r"exceeds sqrt\(ryy\)"):
            correct_attenuation(0.9, 0.64)

    @pytest.mark.parametrize("ryy", [0.0, -0.1, 1.2])
    def test_bad_reliability(self, ryy):
        with pytest.raises(ValueError, match=r"ryy is a reliability and must lie in \(0, 1\]"):
            correct_attenuation(0.1, ryy)


class TestCorrectCase2:
    def test_published_personnel_selection_utility_example(self):
        # personnelSelectionUtility reference, correct_r_direct_range_restriction(.25,
        # range_restriction_ratio = 1.40) prints 0.3399501 (its ratio is U = 1 / u).
        assert correct_case2(0.25, 1 / 1.40) == pytest.approx(0.3399501, abs=5e-8)

    def test_textbook_by_hand(self):
        # r = .25 among hires whose SD is half the applicants' (u = .5, U = 2):
        # .25 * 2 / sqrt(1 - .0625 + .0625 * 4) = .5 / sqrt(1.1875).
        want = 0.5 / math.sqrt(1.1875)
        assert correct_case2(0.25, 0.5) == pytest.approx(want, abs=1e-12)
        assert correct_case2(0.25, 0.5) == pytest.approx(0.4588, abs=5e-5)

    @pytest.mark.parametrize(("r", "u"), [(0.3, 0.8), (-0.45, 0.6), (0.1, 0.3), (0.2, 1.3)])
    def test_matches_psychmeta_formula(self, r, u):
        assert correct_case2(r, u) == pytest.approx(psychmeta_correct_uvdrr(r, ux=u), abs=1e-12)

    def test_monte_carlo_direct_selection(self, direct_selection):
        d = direct_selection
        assert d["r"] < d["rho"] - 0.15  # restriction really bites
        assert correct_case2(d["r"], d["u"]) == pytest.approx(d["rho"], abs=0.005)

    @settings(max_examples=300, deadline=None)
    @given(r=correlations, u=restrictions)
    def test_properties(self, r, u):
        got = correct_case2(r, u)
        assert isinstance(got, float)
        assert -1.0 <= got <= 1.0
        assert abs(got) >= abs(r) - 1e-12
        assert np.sign(got) == np.sign(r)
        # attenuating with psychmeta's inverse gives r back
        assert psychmeta_attenuate_uvdrr(got, u) == pytest.approx(r, abs=1e-9)

    @given(r=correlations)
    def test_u_one_returns_r(self, r):
        assert correct_case2(r, 1.0) == r

    def test_broadcasting(self):
        r = np.array([[0.1], [0.3], [-0.5]])
        u = np.array([0.4, 0.6, 0.8, 1.0])
        got = correct_case2(r, u)
        assert got.shape == (3, 4)
        want = [[psychmeta_correct_uvdrr(ri, ux=uj) for uj in u] for ri in r[:, 0]]
        np.testing.assert_allclose(got, want, atol=1e-12)

    @pytest.mark.parametrize("u", [0.0, -0.5, np.inf, [0.5, 0.0]])
    def test_bad_u(self, u):
        with pytest.raises(ValueError, match="u must be positive and finite"):
            correct_case2(0.3, u)

    @pytest.mark.parametrize("r", [1.01, -1.5, [0.2, 2.0]])
    def test_bad_r(self, r):
        with pytest.raises(ValueError, match=r"r is a correlation and must lie in \[-1, 1\]"):
            correct_case2(r, 0.5)


class TestCorrectCase4:
    def test_psychmeta_documented_inputs(self):
        # psychmeta's correct_r examples: rxyi = .3, ux = .8, rxx = ryy = .8 (incumbent values).
        # psychmeta's own route: u_T from the incumbent rxx, rxx_a = 1 - ux^2 (1 - rxx_i).
        ux, rxxi, ryyi, rxyi = 0.8, 0.8, 0.8, 0.3
        ut = psychmeta_ut_from_rxxi(ux, rxxi)
        rxxa = psychmeta_rxxa_from_rxxi(ux, rxxi)
        rtpa = psychmeta_correct_uvirr(rxyi, math.sqrt(rxxi), math.sqrt(ryyi), ut)
        rxpa = rtpa * math.sqrt(rxxa)
        assert rxxa == pytest.approx(0.872)
        assert (rtpa, rxpa) == pytest.approx((0.46685, 0.43595), abs=5e-6)  # by hand
        got_op = correct_case4(rxyi, ux, rxx_a=rxxa, ryy_i=ryyi)
        got_ts = correct_case4(rxyi, ux, rxx_a=rxxa, ryy_i=ryyi, true_score=True)
        assert got_op == pytest.approx(rxpa, abs=1e-12)
        assert got_ts == pytest.approx(rtpa, abs=1e-12)

    def test_monte_carlo_indirect_selection(self, indirect_selection):
        d = indirect_selection
        args = dict(rxx_a=d["rxx_a"], ryy_i=d["ryy_i"])
        operational = correct_case4(d["r"], d["u"], **args)
        true_score = correct_case4(d["r"], d["u"], **args, true_score=True)
        assert operational == pytest.approx(d["operational"], abs=0.01)
        assert true_score == pytest.approx(d["true_score"], abs=0.01)
        # Case II on the same data under-corrects, even after the criterion correction.
        case2_operational = correct_range_restriction(d["r"], d["u"], ryy_i=d["ryy_i"])
        assert case2_operational < d["operational"] - 0.04
        assert correct_case2(d["r"], d["u"]) < case2_operational

    def test_perfect_predictor_reliability_is_case2(self):
        # rxx_a = 1: no error variance, u_T = u, and Case IV is Case II on r / sqrt(ryy_i).
        got = correct_case4(0.3, 0.7, rxx_a=1.0, ryy_i=0.6)
        assert got == pytest.approx(psychmeta_correct_uvdrr(0.3, math.sqrt(0.6), 0.7), abs=1e-12)

    @settings(max_examples=300, deadline=None)
    @given(
        share=st.floats(-1.0, 1.0, allow_nan=False),
        u=restrictions,
        rxx_a=reliabilities,
        ryy_i=reliabilities,
    )
    def test_properties(self, share, u, rxx_a, ryy_i):
        if u**2 <= (1 - rxx_a) + 1e-6:
            u = math.sqrt(1 - rxx_a) + 0.01
        rxx_i = 1 - (1 - rxx_a) / u**2
        r = share * math.sqrt(rxx_i * ryy_i)
        operational = correct_case4(r, u, rxx_a=rxx_a, ryy_i=ryy_i)
        true_score = correct_case4(r, u, rxx_a=rxx_a, ryy_i=ryy_i, true_score=True)
        assert isinstance(operational, float)
        assert -1.0 <= operational <= 1.0 and -1.0 <= true_score <= 1.0
        assert abs(operational) >= abs(r) - 1e-12
        assert abs(true_score) >= abs(operational) - 1e-12
        assert np.sign(operational) == np.sign(r) == np.sign(true_score)

    @given(share=st.floats(-1.0, 1.0, allow_nan=False), rxx_a=reliabilities, ryy_i=reliabilities)
    def test_u_one_only_corrects_the_criterion(self, share, rxx_a, ryy_i):
        r = share * math.sqrt(rxx_a * ryy_i) * (1 - 1e-12)
        got = correct_case4(r, 1.0, rxx_a=rxx_a, ryy_i=ryy_i)
        assert got == pytest.approx(r / math.sqrt(ryy_i), abs=1e-9)

    def test_broadcasting(self):
        r = np.array([[0.1], [0.25], [-0.3]])
        u = np.array([0.6, 0.8, 1.0])
        rxx_a = np.array([[[0.8]], [[0.9]]])
        got = correct_case4(r, u, rxx_a=rxx_a, ryy_i=0.7)
        assert got.shape == (2, 3, 3)
        assert got[1, 2, 0] == pytest.approx(correct_case4(-0.3, 0.6, rxx_a=0.9, ryy_i=0.7))

    @pytest.mark.parametrize(("u", "rxx_a"), [(0.3, 0.85), (0.5, 0.75), ([0.9, 0.3], 0.85)])
    def test_u_t_undefined(self, u, rxx_a):
        # u^2 <= 1 - rxx_a (.09 <= .15; the boundary .25 = .25) leaves no true-score variance.
        with pytest.raises(ValueError, match=r"u\*\*2 must exceed 1 - rxx_a.*u_T is undefined"):
            correct_case4(0.1, u, rxx_a=rxx_a)

    def test_r_above_ceiling(self):
        with pytest.raises(ValueError, match=r"exceeds sqrt\(rxx_i \* ryy_i\)"):
            correct_case4(0.8, 0.8, rxx_a=0.8, ryy_i=0.5)

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"u": 0.0, "rxx_a": 0.8}, "u must be positive"),
            ({"u": 0.8, "rxx_a": 0.0}, r"rxx_a is a reliability and must lie in \(0, 1\]"),
            ({"u": 0.8, "rxx_a": 1.1}, r"rxx_a is a reliability"),
            ({"u": 0.8, "rxx_a": 0.8, "ryy_i": 0.0}, r"ryy_i is a reliability"),
            ({"u": 0.8, "rxx_a": 0.8, "ryy_i": 1.5}, r"ryy_i is a reliability"),
        ],
    )
    def test_bad_inputs(self, kwargs, message):
        with pytest.raises(ValueError, match=message):
            correct_case4(0.2, **kwargs)

    def test_bad_r(self):
        with pytest.raises(ValueError, match="r is a correlation"):
            correct_case4(-1.2, 0.8, rxx_a=0.8)


class TestCorrectRangeRestriction:
    def test_case2_is_the_default(self):
        assert correct_range_restriction(0.25, 0.5) == correct_case2(0.25, 0.5)

    def test_case2_with_criterion_reliability_matches_psychmeta_uvdrr(self):
        # psychmeta correct_r_uvdrr: rxpa = Case II on rxyi / sqrt(ryyi).
        got = correct_range_restriction(0.3, 0.8, ryy_i=0.8)
        assert got == pytest.approx(psychmeta_correct_uvdrr(0.3, math.sqrt(0.8), 0.8), abs=1e-12)

    def test_case4_dispatches(self):
        got = correct_range_restriction(0.3, 0.8, method="case4", rxx_a=0.872, ryy_i=0.8)
        assert got == correct_case4(0.3, 0.8, rxx_a=0.872, ryy_i=0.8)
        arrays = correct_range_restriction(
            np.array([0.2, 0.3]), 0.8, method="case4", rxx_a=0.85, ryy_i=1.0
        )
        assert arrays.shape == (2,)

    @pytest.mark.parametrize(
        ("kwargs", "missing"),
        [({}, "rxx_a and ryy_i"), ({"rxx_a": 0.8}, "ryy_i"), ({"ryy_i": 0.6}, "rxx_a")],
    )
    def test_case4_needs_reliabilities(self, kwargs, missing):
        with pytest.raises(ValueError, match=f"method='case4' needs {missing}:"):
            correct_range_restriction(0.3, 0.8, method="case4", **kwargs)

    def test_rxx_a_with_case2(self):
        with pytest.raises(ValueError, match="rxx_a is used only by method='case4'"):
            correct_range_restriction(0.3, 0.8, rxx_a=0.8)

    def test_unknown_method(self):
        with pytest.raises(ValueError, match="method must be 'case2' or 'case4', not 'case3'"):
            correct_range_restriction(0.3, 0.8, method="case3")  # type: ignore[arg-type]
