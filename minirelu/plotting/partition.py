"""partition figures (to be written)."""
__all__ = []
