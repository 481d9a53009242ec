"""Monitoring arithmetic against hand-computed examples, and its properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.models.monitor import Bound, Direction, Path, Status, Thresholds, Track
from planwatch.monitor import assess, assess_tracks


def track(**kw: object) -> Track:
    base = {"indicator": "规上工业增加值", "baseline": 100.0, "baseline_year": 2020,
            "target": 146.93, "target_year": 2025}  # fmt: skip
    base.update(kw)
    return Track.model_validate(base)


def test_worked_example_of_the_methods_reference() -> None:
    # y0 = 100 (2020), yT = 146.93 (2025, +8 %/yr), yi = 120 (2023)
    a = assess(track(actuals={2023: 120.0}), 2023)
    assert a.time_progress == pytest.approx(3 / 5)
    assert a.task_progress == pytest.approx((120 - 100) / (146.93 - 100))  # 0.426
    assert a.actual_growth == pytest.approx(1.2 ** (1 / 3) - 1)  # 6.27 %
    assert a.planned_growth == pytest.approx(1.4693 ** (1 / 5) - 1)  # 8 %
    assert a.growth_ratio == pytest.approx(0.0627 / 0.08, abs=1e-3)  # 0.78
    assert a.required_growth == pytest.approx((146.93 / 120) ** (1 / 2) - 1)  # 10.65 %
    assert a.required_growth == pytest.approx(0.1065, abs=1e-4)
    expected = 100 * 1.4693**0.6  # 125.97 on the geometric path
    assert a.expected == pytest.approx(expected)
    assert a.gap == pytest.approx(120 - expected)
    assert a.pace == pytest.approx(0.4262 / ((expected - 100) / 46.93), abs=1e-3)  # 0.770
    assert a.projected == pytest.approx(120 * 1.2 ** (2 / 3))  # 135.5
    assert a.projection_ratio == pytest.approx(0.757, abs=1e-3)
    assert a.status is Status.BEHIND  # 0.60 <= pace 0.77 < 0.95


def test_latest_actual_is_used_and_time_runs_on() -> None:
    a = assess(track(actuals={2021: 104.0, 2023: 120.0}), 2024)
    assert (a.actual, a.actual_year, a.time_progress) == (120.0, 2023, pytest.approx(0.8))


def test_values_before_the_baseline_do_not_count() -> None:
    a = assess(track(actuals={2019: 500.0}), 2023)
    assert a.status is Status.NO_DATA and a.actual is None


def test_share_uses_a_linear_path() -> None:
    # 研发强度 2.0 % → 3.0 %; 2022 (time 0.4) expects 2.4; 2.5 is ahead: on track.
    t = track(indicator="研发经费投入强度", baseline=2.0, target=3.0, path=Path.LINEAR,
              unit="%", actuals={2022: 2.5})  # fmt: skip
    a = assess(t, 2022)
    assert a.expected == pytest.approx(2.4)
    assert a.gap == pytest.approx(0.1)  # percentage points
    assert a.pace == pytest.approx(0.5 / 0.4)
    assert a.actual_growth is None and a.required_growth is None
    assert a.status is Status.ON_TRACK


def test_lower_is_better() -> None:
    # 单位能耗 0.50 → 0.40 (lower is better, linear); 2023 at 0.47: task 0.3, expected 0.6
    t = track(indicator="单位工业增加值能耗", baseline=0.5, target=0.4, path=Path.LINEAR,
              direction=Direction.LOWER, actuals={2023: 0.47})  # fmt: skip
    a = assess(t, 2023)
    assert a.task_progress == pytest.approx(0.3)
    assert a.pace == pytest.approx(0.5)
    assert a.status is Status.SERIOUSLY_BEHIND
    assert assess(t.model_copy(update={"actuals": {2023: 0.52}}), 2023).status is Status.REGRESSING
    assert assess(t.model_copy(update={"actuals": {2024: 0.39}}), 2024).status is Status.ACHIEVED


def test_cumulative_indicator_sums_years_after_the_baseline() -> None:
    # 累计新增规上企业 100 over 2021–2025; 15 + 20 + 25 = 60 by 2023, path expects 60.
    t = track(indicator="累计新增规上工业企业", baseline=None, target=100.0, unit="家",
              cumulative=True, path=Path.LINEAR,
              actuals={2020: 999.0, 2021: 15.0, 2022: 20.0, 2023: 25.0})  # fmt: skip
    a = assess(t, 2023)
    assert a.actual == 60.0 and a.task_progress == pytest.approx(0.6)
    assert a.status is Status.ON_TRACK


@pytest.mark.parametrize(
    ("bound", "actual", "status"),
    [
        (Bound.AT_LEAST, 146.93, Status.ACHIEVED),
        (Bound.AT_LEAST, 146.0, Status.ON_TRACK),  # not yet met; task 46 / 46.93 = 0.98
        (Bound.ABOUT, 146.93 * 0.981, Status.ACHIEVED),  # within 2 %
        (Bound.ABOUT, 146.93 * 0.97, Status.BEHIND),  # task 42.52 / 46.93 = 0.906
        (Bound.EXACT, 150.0, Status.ACHIEVED),
    ],
)
def test_qualifiers(bound: Bound, actual: float, status: Status) -> None:
    assert assess(track(bound=bound, actuals={2025: actual}), 2025).status is status


def test_at_most_target() -> None:
    t = track(baseline=10.0, target=8.0, bound=Bound.AT_MOST, direction=Direction.LOWER,
              actuals={2025: 8.0})  # fmt: skip
    assert assess(t, 2025).status is Status.ACHIEVED


def test_statuses_without_numbers() -> None:
    assert assess(track(evaluated=False, actuals={2023: 1.0}), 2023).status is Status.NOT_EVALUATED
    awaiting = track(target=None, textual_target=True, actuals={2023: 1.0})
    assert assess(awaiting, 2023).status is Status.AWAITING_TARGET
    assert assess(track(), 2023).status is Status.NO_DATA


def test_stretch_reported_beside_the_main_target() -> None:
    a = assess(track(stretch_target=160.0, actuals={2025: 150.0}), 2025)
    assert a.status is Status.ACHIEVED and a.stretch_achieved is False


def test_thresholds_are_configurable() -> None:
    t = track(actuals={2023: 120.0})  # pace 0.77
    assert assess(t, 2023, Thresholds(on_track=0.75)).status is Status.ON_TRACK
    assert assess(t, 2023, Thresholds(behind=0.8)).status is Status.SERIOUSLY_BEHIND


def test_target_equal_to_baseline_has_no_task_progress() -> None:
    a = assess(track(target=100.0, actuals={2023: 99.0}), 2023)
    assert a.task_progress is None and a.status is Status.REGRESSING


def test_many_tracks_and_years_in_one_call() -> None:
    tracks = [track(region=r, actuals={2022: 110.0, 2023: 120.0}) for r in ("甲县", "乙县")]
    out = assess_tracks(tracks, [2022, 2023])
    assert [(a.region, a.year) for a in out] == [
        ("甲县", 2022), ("乙县", 2022), ("甲县", 2023), ("乙县", 2023)
    ]  # fmt: skip


levels = st.floats(min_value=1.0, max_value=1e6)
growth = st.floats(min_value=0.01, max_value=0.5)
years = st.integers(min_value=2021, max_value=2024)


@settings(max_examples=60, deadline=None)
@given(y0=levels, g=growth, year=years, path=st.sampled_from(list(Path)))
def test_exactly_on_the_planned_path_is_on_track(
    y0: float, g: float, year: int, path: Path
) -> None:
    yT = y0 * (1 + g) ** 5
    frac = (year - 2020) / 5
    on_path = y0 * (yT / y0) ** frac if path is Path.GEOMETRIC else y0 + (yT - y0) * frac
    a = assess(track(baseline=y0, target=yT, path=path, actuals={year: on_path}), year)
    assert a.status is Status.ON_TRACK
    assert a.pace == pytest.approx(1.0)
    assert a.gap == pytest.approx(0.0, abs=1e-6 * yT)


@settings(max_examples=60, deadline=None)
@given(y0=levels, g=growth, share=st.floats(min_value=0.05, max_value=0.95), year=years)
def test_swapping_direction_flips_the_verdict(y0: float, g: float, share: float, year: int) -> None:
    """Between baseline and target: progress one way is regress the other way."""
    yT = y0 * (1 + g) ** 5
    yi = y0 + share * (yT - y0)
    up = assess(track(baseline=y0, target=yT, actuals={year: yi}), year)
    down = assess(track(baseline=y0, target=yT, direction=Direction.LOWER,
                        actuals={year: yi}), year)  # fmt: skip
    assert up.status not in (Status.ACHIEVED, Status.REGRESSING)
    # Lower is better and the target is above the baseline: any value under it is met.
    assert down.status is Status.ACHIEVED
    falling = assess(track(baseline=y0, target=yT, actuals={year: y0 * (1 - share)}), year)
    assert falling.status is Status.REGRESSING
    assert not math.isnan(up.task_progress or 0.0)


def test_a_suspension_applies_from_its_date_to_its_own_indicator_only() -> None:
    """Suspended from 2023-03-01: 2022 is still evaluated, 2023 is not; another
    indicator of the same name and region (a plan may list one twice) is unaffected,
    and two changed tracks give one assessment each."""
    from datetime import date

    from planwatch.models.monitor import StateChange

    common = dict(
        indicator="高新技术企业数", region="甲县", baseline=10, baseline_year=2020, target=20,
        target_year=2025, actuals={2022: 14, 2023: 16}, path="linear",
    )  # fmt: skip
    off = StateChange(effective=date(2023, 3, 1), active=False)
    on = StateChange(effective=date(2025, 1, 1), active=True)
    suspended, plain = Track(**common, states=[off, on]), Track(**common)
    got = assess_tracks([suspended, plain], [2022, 2023, 2025])
    assert [(a.year, a.status) for a in got] == [
        (2022, Status.ON_TRACK), (2022, Status.ON_TRACK),
        (2023, Status.NOT_EVALUATED), (2023, Status.ON_TRACK),
        (2025, Status.ON_TRACK), (2025, Status.ON_TRACK),
    ]  # fmt: skip
    both = assess_tracks([suspended, suspended.model_copy()], [2023])
    assert [a.status for a in both] == [Status.NOT_EVALUATED] * 2


def test_yearly_targets_the_plan_gives_are_the_planned_path() -> None:
    """A plan expecting a slow start (110 in 2022, 120 in 2023, then 200 by 2025):
    an actual of 110 in 2022 is on its path, where the smooth path from 100 to 200
    would have expected 132 and called it seriously behind."""
    track = Track(
        indicator="产值", region="甲县", baseline=100, baseline_year=2020, target=200,
        target_year=2025, path_targets={2022: 110, 2023: 120}, actuals={2022: 110},
    )  # fmt: skip
    a = assess(track, 2022)
    assert a.expected == pytest.approx(110) and a.pace == pytest.approx(1.0)
    assert a.status is Status.ON_TRACK
    smooth = assess(track.model_copy(update={"path_targets": {}}), 2022)
    assert smooth.expected == pytest.approx(100 * 2**0.4)
    assert smooth.status is Status.SERIOUSLY_BEHIND
    # between two stated years the path is interpolated within their segment
    later = assess(track.model_copy(update={"actuals": {2024: 150}}), 2024)
    assert later.expected == pytest.approx(120 * (200 / 120) ** 0.5)
