"""The referential and candidate files as typed data, generated from ``schema/*.schema.json``.

One module per schema (``referential``, ``candidate_vae``, ``candidate_orientation``,
``candidate_jury``), written by ``python -m cqpengine.types.generate`` (see :mod:`.generate`):
the code reads schema data through these TypedDicts, so mypy checks every key it reads.
"""
