"""CASE 1.1 (1EdTech Competencies and Academic Standards Exchange): one ``CFPackage`` per version.

* :mod:`.export` — :func:`export_package`, a certification version as a ``CFPackage``;
* :mod:`.reading` — :func:`read_package` and :func:`import_package`, a package written by
  ``cqp export case`` read back into the same referential;
* :mod:`.common` — the names both share (REST path, item types, limits).
"""

from cqpengine.exchange.case.common import CASE_PATH, EXTENSION, MAX_JSON_BYTES, MAX_JSON_DEPTH
from cqpengine.exchange.case.export import check_base_uri, export_package, package_bytes, unit_key
from cqpengine.exchange.case.reading import import_package, read_package, referential_text

__all__ = [
    "CASE_PATH",
    "EXTENSION",
    "MAX_JSON_BYTES",
    "MAX_JSON_DEPTH",
    "check_base_uri",
    "export_package",
    "import_package",
    "package_bytes",
    "read_package",
    "referential_text",
    "unit_key",
]
