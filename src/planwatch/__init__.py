"""planwatch: make local industrial five-year plans measurable and keep them measured."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("planwatch")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"
