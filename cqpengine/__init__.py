"""cqpengine: CQP referentials as validated YAML, and the engine that prints and applies them."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cqpengine")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
