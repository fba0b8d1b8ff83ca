"""Checkers for exercises/12 (to be written)."""
__all__ = []
