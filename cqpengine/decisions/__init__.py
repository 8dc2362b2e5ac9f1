"""The decision engine: the rules the branch's documents state, applied to candidate files.

* :mod:`.durations` — full-time-equivalent arithmetic of VAE experience (pure, no I/O);
* :mod:`.vae`, :mod:`.orientation`, :mod:`.jury` (and :mod:`.carry`) — one decision each, a pure
  function from a resolved :class:`~cqpengine.model.Referential` and a typed input to a result
  whose reasons are data (:mod:`.reasons`: a code and its figures, worded by the reporters);
* :mod:`.targets` — the units a candidate targets and the body that decides on them (the final
  jury for the whole certification, e.g. a commission paritaire for some blocs: ``process.decided_by``);
* :mod:`.candidate` — candidate files: loading, JSON Schema, where each value stands (as findings);
* :mod:`.selection` — the certification version a candidate file names;
* :mod:`.readers` — a schema-valid candidate file → the typed input of one decision, or findings;
* :mod:`.kinds` — the registry of decisions (schema, reader, rule, template, forms): vae, orientation,
  jury, and commission (the jury's file and rule, for a candidate who targets only some blocs);
* :mod:`.engine` — the pipeline file → findings or decision.

Every rule is read from the referential (``vae``, ``process``, ``document_scales``…): no code is
specific to one certification. Nothing here prints or words anything: the text, JSON, HTML and
PDF of a decision are made by :mod:`cqpengine.reporters.decisions`.
"""
