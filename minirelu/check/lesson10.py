"""Checkers for exercises/10 (to be written)."""
__all__ = []
