"""Read a land-forecast input file (YAML) with errors that name the field."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from planwatch.errors import InputError, error_location
from planwatch.files import input_file
from planwatch.models.land import LandInput


def read_land_input(path: Path) -> LandInput:
    input_file(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(path, f"not valid YAML ({exc.__class__.__name__}: {exc})") from None
    if not isinstance(data, dict):
        raise InputError(path, "expected a mapping with base_year and industries")
    try:
        return LandInput.model_validate(data)
    except ValidationError as exc:
        details = [f"{error_location(e['loc'], data) or '(top)'}: {e['msg']}" for e in exc.errors()]
        n = len(details)
        raise InputError(path, f"{n} problem{'s' * (n > 1)} in the input", details) from None
