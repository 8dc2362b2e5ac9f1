"""The generated types: up to date with the schemas, shaped by structure only, checked by mypy."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from cqpengine.resources import data_dir
from cqpengine.types.generate import COMMAND, generate, generate_all, stale
from tests.support.helpers import ROOT


def test_generated_modules_are_up_to_date() -> None:
    outdated = stale()
    assert not outdated, f"generated types differ from schema/ for {[p.name for p in outdated]}: run {COMMAND}"


def test_unsupported_schemas_are_refused_not_mistyped(tmp_path: Path) -> None:
    recursive = {
        "$defs": {
            "node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}
        },
        "$ref": "#/$defs/node",
    }
    path = tmp_path / "tree.schema.json"
    path.write_text(json.dumps(recursive), encoding="utf-8")
    with pytest.raises(ValueError, match="recursive schemas are not supported"):
        generate(path)
    path.write_text(json.dumps({"$ref": "other.json#/x"}), encoding="utf-8")
    with pytest.raises(ValueError, match="only local"):
        generate(path)


def test_every_schema_has_its_module() -> None:
    modules = {path.name for path in generate_all()}
    assert modules == {"referential.py", "candidate_vae.py", "candidate_orientation.py", "candidate_jury.py"}


def _reworded(value: Any) -> Any:
    """The schema with every title and description replaced (property names kept, even ``title``)."""
    if isinstance(value, dict):
        return {
            key: (f"autre {key}" if key in ("title", "description") and isinstance(child, str) else _reworded(child))
            for key, child in value.items()
        }
    if isinstance(value, list):
        return [_reworded(child) for child in value]
    return value


@pytest.mark.parametrize("name", sorted(p.name for p in data_dir("schema").glob("*.schema.json")))
def test_titles_and_descriptions_do_not_change_the_types(tmp_path: Path, name: str) -> None:
    original = data_dir("schema") / name
    copy = tmp_path / name
    copy.write_text(json.dumps(_reworded(json.loads(original.read_text(encoding="utf-8")))), encoding="utf-8")
    assert generate(copy) == generate(original)


def test_structure_changes_the_types(tmp_path: Path) -> None:
    schema = json.loads((data_dir("schema") / "referential.schema.json").read_text(encoding="utf-8"))
    process = schema["$defs"]["process"]["properties"]
    process["validity_years"] = process.pop("partial_validity_years")
    copy = tmp_path / "referential.schema.json"
    copy.write_text(json.dumps(schema), encoding="utf-8")
    source = generate(copy)
    assert "    validity_years: NotRequired[int]" in source
    assert "partial_validity_years" not in source


def test_generated_types_follow_the_schema() -> None:
    from cqpengine.types import candidate_vae, referential

    assert referential.Certification.__required_keys__ >= {"id", "version", "units", "process", "scales"}
    assert "vae" in referential.Certification.__optional_keys__
    assert "from" in referential.EquivalencesMappingsItem.__required_keys__  # a Python keyword as a key
    assert candidate_vae.Activity.__required_keys__ == {"title", "sector", "status", "matches_nature", "start"}


def test_the_model_does_not_import_documents() -> None:
    code = "import sys, cqpengine.model; print(sorted(m for m in sys.modules if m.startswith('cqpengine.documents')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"


def test_mypy_plugin_rejects_a_get_of_a_key_the_typeddict_lacks(tmp_path: Path) -> None:
    from mypy import api

    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        textwrap.dedent(
            """
            from typing import NotRequired, TypedDict, final

            @final
            class Process(TypedDict):
                partial_validity_years: NotRequired[int]

            def years(process: Process) -> int | None:
                ok = process.get("partial_validity_years")
                process.get("validity_years")
                return ok
            """
        ),
        encoding="utf-8",
    )
    config = tmp_path / "mypy.ini"
    plugin = ROOT / "cqpengine" / "types" / "mypy_plugin.py"
    config.write_text(f"[mypy]\nstrict = true\nplugins = {plugin}\n", encoding="utf-8")
    out, _, status = api.run(["--config-file", str(config), "--no-incremental", str(snippet)])
    assert status == 1
    assert 'snippet.py:10: error: TypedDict "Process" has no key "validity_years"  [typeddict-item]' in out
    assert out.count("error:") == 1
