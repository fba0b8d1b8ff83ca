"""Checkers for exercises/05 (to be written)."""
__all__ = []
