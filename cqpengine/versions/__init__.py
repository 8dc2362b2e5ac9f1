"""Following the versions of a certification: what changed between two versions, as data.

- :mod:`cqpengine.versions.words`: differences of texts (word by word), lists of texts (line by
  line) and nested data (field by field);
- :mod:`cqpengine.versions.compare`: two versions lined up unit by unit, with the equivalences the
  newer one declares;
- :mod:`cqpengine.versions.select`: which two versions a request names.

The review's wording (text, JSON, HTML) is :mod:`cqpengine.reporters.comparison`'s.
"""
