"""The application layer: one plain function per use case.

Each module here holds one use case (validate, build, compare, decide, extract, new, serve, and the
import/export/credential use cases): a function that takes typed options, does the work through the
lower layers (loading, model, checking, documents, decisions, versions, forms…) and returns a result
object. It prints nothing and knows nothing of click; a failure the user must hear about is raised
as a :class:`cqpengine.errors.CqpError`. The click commands (:mod:`cqpengine.commands`) only parse
arguments, call the use case, hand its result to a reporter (:mod:`cqpengine.reporters`) and map the
result to an exit code.
"""
