"""Checkers for exercises/09 (to be written)."""
__all__ = []
