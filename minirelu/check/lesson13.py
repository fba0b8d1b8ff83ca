"""Checkers for exercises/13 (to be written)."""
__all__ = []
