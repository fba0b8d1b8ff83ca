"""Checkers for exercises/07 (to be written)."""
__all__ = []
