"""Benchmark ``cqp validate`` against plain ``yaml.safe_load`` + JSON Schema validation.

Generates N synthetic referentials (half 2013 "domaines", half RNCP "blocs" sharing a unit
library), then times, in the same run and on the same files:

* baseline: for each file, ``yaml.load`` with PyYAML's C safe loader + ``jsonschema`` validation;
* engine:   ``check_paths`` (positions, duplicate keys, alias limits, schema, resolution, rules);
* cli:      the ``cqp validate`` command in a subprocess (includes interpreter start-up).

The machine is noisy: each measurement is the best of ``--repeat`` runs, and the figure that
matters is the ratio engine / baseline. Usage: ``python benchmarks/validate.py [--sizes 10 100 1000]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from timing import best_of  # benchmarks/timing.py, beside this script

from cqpengine.checking import check_paths
from cqpengine.resources import schema_file

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def items(prefix: str, count: int, text: str) -> list[dict[str, str]]:
    return [
        {"id": f"{prefix}{i}", "text": f"{text} {i} : savoir-faire de la branche Mutualité"}
        for i in range(1, count + 1)
    ]


def domaine_unit(n: int) -> dict[str, Any]:
    d = f"D{n}"
    return {
        "id": d,
        "number": n,
        "title": f"Domaine {n} : accueillir, informer et orienter les adhérents",
        "savoir_faire": items(f"{d}.SF", 6, "Savoir-faire"),
        "savoirs": items(f"{d}.S", 4, "Savoir"),
        "questions": [f"Question d'exemple {i} ?" for i in range(4)],
        "modules": [
            {
                "id": f"{d}.M{m}",
                "competence": "Organisation",
                "contents": ["Contenu A", "Contenu B"],
                "modality": "Une étude de cas est proposée au candidat.",
                "criteria": items(f"{d}.M{m}.C", 5, "Critère"),
            }
            for m in (1, 2)
        ],
        "intermediate_criteria": items(f"{d}.CI", 5, "Critère intermédiaire"),
        "final_criteria": items(f"{d}.CF", 5, "Critère final"),
        "candidate_questions": [f"Question au candidat {i} ?" for i in range(4)],
        "enterprise_modality": "Les évaluateurs observent le candidat en situation réelle.",
    }


def bloc_unit(prefix: str, n: int | None) -> dict[str, Any]:
    b = f"{prefix}{n if n is not None else ''}"
    unit: dict[str, Any] = {
        "id": b,
        "title": f"Bloc {b} : organiser ses activités",
        "activities": [
            {
                "id": f"{b}.A{a}",
                "title": f"Activité {a}",
                "competences": [
                    {
                        "id": f"{b}.A{a}.C{c}",
                        "text": f"Compétence {c}",
                        "questions": ["Comment procédez-vous ?"],
                        "criteria": [
                            {"id": f"{b}.A{a}.C{c}.K1", "text": "Critère :", "indicators": ["→ a", "→ b", "→ c"]}
                        ],
                    }
                    for c in (1, 2)
                ],
            }
            for a in (1, 2, 3)
        ],
        "modality": {
            "methods": ["observation_reelle", "entretien"],
            "description": "Observation en situation réelle.",
            "situations": {"min": 3, "max": 5, "simulated_difficult": 1},
            "interview_minutes": 15,
            "place": "En entreprise",
            "evaluators": ["1 expert habilité + 1 expert interne"],
            "evaluators_must_agree": True,
        },
    }
    if n is not None:
        unit["number"] = n
    return unit


COMMON: dict[str, Any] = {
    "status": "active",
    "process": {"partial_validity_years": 5, "registration_limit_years": 3, "training_hours": {"min": 280, "max": 320}},
    "scales": {
        "s": {
            "values": [
                {"id": "oui", "label": "Oui", "meaning": "acquired"},
                {"id": "non", "label": "Non", "meaning": "not_acquired"},
            ]
        }
    },
    "document_scales": {"orientation": "s", "final_grid": "s", "final_opinion": "s"},
    "vae": {"experience_nature": "expérience du métier", "min_years": 3, "window_years": 12},
}


def generate(folder: Path, count: int) -> None:
    library = {
        "kind": "unit-library",
        "id": "bench-lib",
        "title": "Bibliothèque",
        "generation": "blocs",
        "units": [bloc_unit("LIB", None)],
    }
    (folder / "library.yaml").write_text(yaml.safe_dump(library, allow_unicode=True, sort_keys=False), "utf-8")
    for i in range(count):
        if i % 2 == 0:
            data = {
                "id": f"bench-{i}",
                "version": "2013",
                "title": f"CQP {i}",
                "generation": "domaines",
                **COMMON,
                "units": [domaine_unit(n) for n in range(1, 6)],
            }
        else:
            data = {
                "id": f"bench-{i}",
                "version": "2024",
                "title": f"CQP {i}",
                "generation": "blocs",
                **COMMON,
                "units": [{"ref": "bench-lib#LIB", "number": 1}, *(bloc_unit("B", n) for n in range(2, 6))],
            }
        (folder / f"cqp_{i:04d}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    validator = Draft202012Validator(
        json.loads(schema_file("referential.schema.json").read_text("utf-8")),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )

    print(f"{'N':>6} {'baseline ms/ref':>16} {'engine ms/ref':>14} {'ratio':>6} {'cli ms/ref':>11} {'cli ratio':>9}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            generate(folder, size)
            files = sorted(folder.glob("*.yaml"))

            def baseline(files: list[Path] = files) -> None:
                for path in files:
                    with open(path, encoding="utf-8") as handle:
                        validator.validate(yaml.load(handle, Loader=LOADER))

            def engine(folder: Path = folder, size: int = size) -> None:
                result = check_paths([folder])
                assert result.errors == 0 and len(result.referentials) == size, result.findings[:3]

            def cli(folder: Path = folder) -> None:
                subprocess.run(
                    [sys.executable, "-m", "cqpengine", "validate", str(folder)], check=True, capture_output=True
                )

            base = best_of(args.repeat, baseline) / size * 1000
            mine = best_of(args.repeat, engine) / size * 1000
            command = best_of(args.repeat, cli) / size * 1000
            print(f"{size:>6} {base:>16.2f} {mine:>14.2f} {mine / base:>6.2f} {command:>11.2f} {command / base:>9.2f}")


if __name__ == "__main__":
    main()
