"""Filled forms coming back: what fields each printed document has, and reading a filled PDF.

- :mod:`cqpengine.forms.fields`: the fields of a document (from its HTML), the name patterns of
  the README's field reference;
- :mod:`cqpengine.forms.reading`: a filled PDF (pypdf, imported only here) → the document it is
  and the values of its fields;
- :mod:`cqpengine.forms.values`: a field's text read as a date, a number of years, a percentage;
- :mod:`cqpengine.forms.extraction` and :mod:`cqpengine.forms.readers`: those values → the
  candidate data of ``cqp decide``, each value with the field it came from;
- :mod:`cqpengine.forms.filled`: a filled PDF → the document it is, its fields checked, its data;
- :mod:`cqpengine.forms.candidate`: that data as the candidate file the decisions read;
- :mod:`cqpengine.forms.deciding`: its checks and its decision.

The finishing touch of WeasyPrint's radio groups, needed to print the forms, is
:mod:`cqpengine.documents.widgets` (documents are below forms).
"""
