"""vnx extractors: one spaCy component per kind of record item.

Importing this package registers every factory. ``COMPONENTS`` is the order the pipeline runs
them in: later components may read what earlier ones found (``base.read_items``).
"""
from . import (  # noqa: F401  (imported for their factory registration)
    abbreviations,
    dates,
    directives,
    figures,
    locations,
    models,
    organizations,
    persons,
    quotes,
    structure,
)

COMPONENTS = [
    structure.FACTORY,
    directives.FACTORY,
    dates.FACTORY,
    figures.FACTORY,
    locations.FACTORY,
    organizations.FACTORY,
    persons.FACTORY,
    abbreviations.FACTORY,
    models.FACTORY,
    quotes.FACTORY,
]
