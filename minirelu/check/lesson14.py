"""Checkers for exercises/14 (to be written)."""
__all__ = []
