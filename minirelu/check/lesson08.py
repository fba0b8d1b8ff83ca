"""Checkers for exercises/08 (to be written)."""
__all__ = []
