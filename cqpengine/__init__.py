"""cqpengine: CQP referentials as validated YAML, and the engine that prints and applies them."""

#: The package's version: the only place it is written (``pyproject.toml`` reads it from here).
__version__ = "0.1.0"
