"""Checkers for exercises/06 (to be written)."""
__all__ = []
