"""``python -m cqpengine`` runs the ``cqp`` command line."""

from cqpengine.cli import main

main()
