"""Readers: a schema-valid candidate file and its certification → the typed input of one decision.

Each reader returns the input, or the findings (unknown unit, value off the scale, rule the
referential lacks…) that prevent the decision; it never decides.
"""
