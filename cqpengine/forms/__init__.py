"""Filled forms coming back: what fields each printed document has, and reading a filled PDF.

- :mod:`cqpengine.forms.fields`: the fields of a document (from its HTML), the name patterns of
  the README's field reference;
- :mod:`cqpengine.forms.reading`: a filled PDF (pypdf, imported only here) → the document it is
  and the values of its fields;
- :mod:`cqpengine.forms.extraction`: those values → the candidate file of ``cqp decide``.
"""
