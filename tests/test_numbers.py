"""The one rule for numbers from users' files: finite, with percentages marked."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from planwatch.commands.common import print_json
from planwatch.numbers import FiniteModel, NumberError, json_safe, parse_number, percent_text


@pytest.mark.parametrize(
    ("text", "value", "percent"),
    [("1,234.5", 1234.5, False), (" 3 ", 3.0, False), ("12%", 12.0, True),
     ("２.５％", 2.5, True), ("-0.5", -0.5, False), ("1e3", 1000.0, False)],
)  # fmt: skip
def test_numbers_as_people_write_them(text: str, value: float, percent: bool) -> None:
    got = parse_number(text)
    assert (got.value, got.percent) == (value, percent)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("inf", "not a finite number"), ("-inf", "not a finite number"),
     ("Infinity", "not a finite number"), ("NaN", "not a finite number"),
     ("nan%", "not a finite number"), ("1e999", "too large"), ("-1e400", "too large"),
     ("abc", "not a number"), ("", "not a number"), ("1_000", "not a number"),
     ("٣", "not a number"), ("0x10", "not a number"), ("1e", "not a number")],
)  # fmt: skip
def test_non_finite_numbers_are_refused(text: str, reason: str) -> None:
    with pytest.raises(NumberError, match=reason):
        parse_number(text)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_parse_never_returns_a_non_finite_value(x: float) -> None:
    try:
        assert math.isfinite(parse_number(repr(x)).value)
    except NumberError:
        assert not math.isfinite(x)


def test_percent_cells_read_exactly() -> None:
    assert percent_text(0.024) == "2.4%"
    assert percent_text(0.1) == "10%"
    assert percent_text(1.5) == "150%"


def test_json_never_holds_nan_or_infinity(capsys: pytest.CaptureFixture[str]) -> None:
    data = {"a": math.inf, "b": [1.0, -math.inf, math.nan], "c": {"d": 2.5}}
    assert json_safe(data) == {"a": None, "b": [1.0, None, None], "c": {"d": 2.5}}
    print_json(data)
    text = capsys.readouterr().out
    assert "Infinity" not in text and "NaN" not in text
    assert json.loads(text)["b"] == [1.0, None, None]


def test_models_read_from_files_refuse_non_finite_values() -> None:
    class Input(FiniteModel):
        x: float

    for bad in (math.inf, -math.inf, math.nan, "inf", "NaN"):
        with pytest.raises(ValidationError, match="finite"):
            Input(x=bad)
    assert Input(x="1.5").x == 1.5
