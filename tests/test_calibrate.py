"""The threshold fit (eval/calibrate.py) on rows written for the test."""

from __future__ import annotations

import importlib.util
import sys

from rag.settings import PROJECT_ROOT

_spec = importlib.util.spec_from_file_location("calibrate", PROJECT_ROOT / "eval" / "calibrate.py")
assert _spec and _spec.loader
calibrate = importlib.util.module_from_spec(_spec)
sys.modules["calibrate"] = calibrate
_spec.loader.exec_module(calibrate)


def _row(split: str, answerable: bool, p_refuse: float, right: bool = True) -> dict:
    return {
        "split": split,
        "answerable": answerable,
        "answered": True,
        "correct_if_answered": right and answerable,
        "signals": {"p_refuse": p_refuse},
    }


def test_the_several_things_limit_is_fitted_on_the_fit_split_and_reported_on_the_other() -> None:
    rows = [
        _row("fit", True, 0.12),
        _row("fit", True, 0.27),  # answered right only under a limit above 0.27
        _row("fit", True, 0.18, right=False),
        _row("fit", False, 0.55),  # unanswerable: refused under any limit up to 0.55
        _row("heldout", True, 0.22),
        _row("heldout", False, 0.25),
    ]
    result = calibrate.fit_several(rows)
    # 0.30 to 0.55 score the same on the fit split; the lowest of them is taken.
    assert result["max_refusal_several"] == 0.3
    assert result["fit"] == {"accuracy": round(2 / 3, 3), "refusal": 1.0}
    assert result["heldout"] == {"accuracy": 1.0, "refusal": 0.0}  # the held-out unanswerable one gets through: reported


def test_each_question_counts_once_so_two_unanswerable_ones_do_not_outweigh_a_dozen() -> None:
    rows = [_row("fit", True, 0.1 + 0.01 * i) for i in range(12)] + [_row("fit", False, 0.15), _row("fit", False, 0.6)]
    # Refusing everything would score 0 + 1.0 as a sum of shares; answering the twelve scores 12 + 1 questions.
    assert calibrate.fit_several(rows)["max_refusal_several"] == 0.25


def test_a_refit_keeps_the_limits_fitted_on_questions_of_their_own() -> None:
    previous = {
        "thresholds": {"max_refusal": 0.2, "max_refusal_several": 0.3, "min_line_share": 0.8},
        "several": {"max_refusal_several": 0.3},
        "line_share": {"min_line_share": 0.8},
    }
    result = calibrate.with_separate_limits({"thresholds": {"max_refusal": 0.35}}, previous)
    assert result["thresholds"] == {"max_refusal": 0.35, "max_refusal_several": 0.3, "min_line_share": 0.8}
    assert result["several"] == previous["several"] and result["line_share"] == previous["line_share"]
