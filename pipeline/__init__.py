"""vnx: Vietnamese news articles to structured records.

Stages: ingest -> normalize -> segment -> extract -> resolve -> emit.
"""
from .core import Pipeline
from .schema import SCHEMA_VERSION, Record, Reject

__version__ = "0.1.0"
__all__ = ["Pipeline", "Record", "Reject", "SCHEMA_VERSION", "__version__"]
