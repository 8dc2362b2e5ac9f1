"""RNCP fiches (France compétences' ``FICHES`` flux, version 4.1): import a draft, export the blocs back.

* :mod:`.fiche` — what a fiche holds and :func:`read_fiche`, :func:`split_items` (the flux keeps no
  markup: runs of spaces, bullets or line breaks separate its items, each kept word for word);
* :mod:`.draft` — :func:`draft_referential`, the YAML of a draft referential of the blocs generation;
* :mod:`.export` — :func:`export_fiche`, the ``FICHE`` fragment of a referential
  (``schema/rncp-fiche-fragment.xsd`` describes it).
"""

from cqpengine.exchange.rncp.draft import (
    Former,
    draft_referential,
    former_version,
    methods_named,
    slug,
    superseded_version,
)
from cqpengine.exchange.rncp.export import export_fiche, rncp_number
from cqpengine.exchange.rncp.fiche import (
    FLUX_VERSION,
    Bloc,
    Correspondence,
    Fiche,
    bloc_code,
    closest,
    competence_texts,
    normalise_number,
    read_fiche,
    split_items,
)

__all__ = [
    "FLUX_VERSION",
    "Bloc",
    "Correspondence",
    "Fiche",
    "Former",
    "bloc_code",
    "closest",
    "competence_texts",
    "draft_referential",
    "export_fiche",
    "former_version",
    "methods_named",
    "normalise_number",
    "read_fiche",
    "rncp_number",
    "slug",
    "split_items",
    "superseded_version",
]
