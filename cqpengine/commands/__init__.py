"""One module per ``cqp`` command: a thin click layer over plain functions."""
