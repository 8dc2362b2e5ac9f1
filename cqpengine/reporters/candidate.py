"""The candidate file a filled form holds, written as the YAML ``cqp decide`` reads (``cqp extract``)."""

from __future__ import annotations

from typing import ClassVar

import yaml

from cqpengine.forms.extraction import Extraction
from cqpengine.i18n import _
from cqpengine.reporters.base import Reporter, register


@register
class CandidateYamlReporter(Reporter[Extraction]):
    """The candidate file, in today's format, for a person to check and complete."""

    kind: ClassVar[str] = "candidate"
    name: ClassVar[str] = "yaml"

    def render(self, result: Extraction) -> str:
        head = _(
            "# Candidate file read by cqp extract from a filled {document} of {referential}.\n"
            "# Check it, complete what the findings name, then: cqp decide {kind} FILE.yaml\n"
        ).format(document=result.document, referential=result.referential.key, kind=result.kind)
        return head + yaml.safe_dump(result.data, sort_keys=False, allow_unicode=True, width=100)
