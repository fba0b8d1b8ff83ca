"""Checkers for exercises/11 (to be written)."""
__all__ = []
