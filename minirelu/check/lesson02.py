"""Checkers for exercises/02 (to be written)."""
__all__ = []
