"""lime (to be written)."""
__all__ = []
