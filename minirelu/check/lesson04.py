"""Checkers for exercises/04 (to be written)."""
__all__ = []
