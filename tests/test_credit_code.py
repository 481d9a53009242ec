"""Unified social credit codes: the check character, reasons, vectorised forms."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.permu.credit_code import (
    ALPHABET,
    check_char,
    is_valid,
    make_codes,
    problem,
    valid_mask,
)

# Worked by hand for "91330106MA2B3C4D5" (character values: digits as-is, A=10 B=11
# C=12 D=13 M=21; weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28):
#   9*1 + 1*3 + 3*9 + 3*27 + 0*19 + 1*26 + 0*16 + 6*17 + 21*20 + 10*29 + 2*25
#   + 11*13 + 3*8 + 12*24 + 4*10 + 13*30 + 5*28
#   = 9 + 3 + 27 + 81 + 0 + 26 + 0 + 102 + 420 + 290 + 50 + 143 + 24 + 288 + 40 + 390 + 140
#   = 2033;  2033 mod 31 = 18 (31*65 = 2015);  31 - 18 = 13 → 'D'
HAND = "91330106MA2B3C4D5D"
# "91" then fifteen zeros: 9*1 + 1*3 = 12;  31 - 12 = 19 → 'K'
ZEROS = "91000000000000000K"

first17 = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


def test_hand_computed_examples() -> None:
    assert check_char(HAND[:17]) == "D"
    assert check_char(ZEROS[:17]) == "K"
    assert check_char("0" * 17) == "0"  # (31 - 0) mod 31 = 0
    assert is_valid(HAND) and is_valid(ZEROS)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (HAND[:-1], "wrong length (17 characters, need 18)"),
        (HAND + "1", "wrong length (19 characters, need 18)"),
        ("91330106MA2B3C4DOD", "bad character 'O' (I O Z S V are never used)"),
        ("91330106ma2b3c4d5d", "bad character 'm'"),
        ("91330106MA2B3C4D5X", "check character should be D, not X"),
    ],
)
def test_problem_reasons(code: str, reason: str) -> None:
    assert problem(code) == reason
    assert not is_valid(code)


def test_check_char_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        check_char("123")
    with pytest.raises(ValueError):
        check_char("I" * 17)


@given(first17)
def test_any_17_plus_check_is_valid(head: str) -> None:
    assert is_valid(head + check_char(head))


@given(first17, st.integers(0, 17), st.sampled_from(ALPHABET))
def test_changing_one_character_invalidates(head: str, where: int, new: str) -> None:
    code = head + check_char(head)
    changed = code[:where] + new + code[where + 1 :]
    # One substitution always changes the weighted sum mod 31 (31 is prime and
    # no weight is a multiple of it), so the code breaks unless nothing changed.
    assert is_valid(changed) == (changed == code)


def test_valid_mask_matches_problem() -> None:
    codes = [
        HAND,
        ZEROS,
        HAND[:-1],
        "91330106MA2B3C4D5X",
        "91330106MA2B3C4DOD",
        None,
        "",
        "中" * 18,
        "中" + HAND[3:],  # 18 bytes in UTF-8, 16 characters
        HAND.lower(),
    ]
    mask = valid_mask(pl.Series("c", codes)).to_list()
    assert mask == [c is not None and is_valid(c) for c in codes]


near_codes = st.text(alphabet="0123456789ABDMXYIOzé中", min_size=15, max_size=19)


@given(st.lists(st.one_of(near_codes, st.builds(lambda: HAND)), max_size=20))
def test_valid_mask_agrees_with_the_per_code_check(codes: list[str]) -> None:
    assert valid_mask(pl.Series("c", codes, dtype=pl.String)).to_list() == [
        is_valid(c) for c in codes
    ]


def test_make_codes_valid_distinct_and_seeded() -> None:
    codes = make_codes(np.random.default_rng(7), 20_000)
    assert len(set(codes)) == len(codes)
    assert all(c.startswith("91") and c[2].isalpha() for c in codes)
    assert all(is_valid(c) for c in codes[:2000])
    assert valid_mask(pl.Series(codes)).all()
    assert make_codes(np.random.default_rng(7), 50) == make_codes(np.random.default_rng(7), 50)
