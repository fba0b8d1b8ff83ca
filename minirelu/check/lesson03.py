"""Checkers for exercises/03 (to be written)."""
__all__ = []
