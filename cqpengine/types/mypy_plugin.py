"""mypy plugin: ``data.get("key")`` on a TypedDict that has no such key is an error.

mypy rejects ``data["unknown"]`` on a TypedDict but types ``data.get("unknown")`` as ``object``
without a word, so a property renamed in the schema would go unnoticed wherever the code reads it
with ``.get``. This plugin reports it like a subscript (``typeddict-item``), then lets mypy's own
TypedDict typing go on. (``"unknown" in data`` is caught otherwise: the generated TypedDicts are
``@final``, so such a test narrows to nothing and ``warn_unreachable`` reports the dead branch.)
Development only: mypy loads it (``[tool.mypy] plugins`` in ``pyproject.toml``); the engine never
imports it.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.errorcodes import TYPEDDICT_ITEM
from mypy.plugin import MethodContext, Plugin
from mypy.plugins.default import typed_dict_get_callback
from mypy.typeops import try_getting_str_literals
from mypy.types import Type, TypedDictType, get_proper_type


def _check_key(ctx: MethodContext, position: int) -> None:
    """Report the literal key given as argument ``position`` when the TypedDict lacks it."""
    typed_dict = get_proper_type(ctx.type)
    if not isinstance(typed_dict, TypedDictType) or len(ctx.args) <= position or len(ctx.args[position]) != 1:
        return
    keys = try_getting_str_literals(ctx.args[position][0], ctx.arg_types[position][0])
    for key in keys or ():
        if key not in typed_dict.items:
            name = typed_dict.fallback.type.name
            ctx.api.fail(f'TypedDict "{name}" has no key "{key}"', ctx.context, code=TYPEDDICT_ITEM)


def _get(ctx: MethodContext) -> Type:
    _check_key(ctx, 0)
    return typed_dict_get_callback(ctx)


class TypedDictKeysPlugin(Plugin):
    """Checks the keys given to ``TypedDict.get``."""

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        return _get if fullname == "typing.Mapping.get" else None


def plugin(version: str) -> type[Plugin]:
    """The entry point mypy calls."""
    return TypedDictKeysPlugin
