"""planwatch: make local industrial five-year plans measurable and keep them measured."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`planwatch.__version__`, looked up when asked: reading the installed
    package's metadata costs 60 ms that every command would otherwise pay."""
    if name != "__version__":
        raise AttributeError(f"module 'planwatch' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("planwatch")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0.0.0"
