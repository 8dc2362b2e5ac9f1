"""The decision engine: the rules the branch's documents state, applied to candidate files.

* :mod:`.durations` — full-time-equivalent arithmetic of VAE experience (pure, no I/O);
* :mod:`.vae`, :mod:`.orientation`, :mod:`.jury` — one decision each, a pure function from a
  resolved :class:`~cqpengine.model.Referential` and a typed input to a result with its reasons;
* :mod:`.candidates` — candidate files: loading, JSON Schema, semantic checks (as findings);
* :mod:`.engine` — the pipeline file → findings or decision; :mod:`.report` — text and documents.

Every rule is read from the referential (``vae``, ``process``, ``document_scales``…): no code is
specific to one certification.
"""
