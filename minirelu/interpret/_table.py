"""The shared result table (kept here so older imports keep working)."""
from ..table import Table  # noqa: F401

__all__ = ["Table"]
