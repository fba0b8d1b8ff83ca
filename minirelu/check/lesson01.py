"""Checkers for exercises/01 (to be written)."""
__all__ = []
