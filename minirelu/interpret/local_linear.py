"""local_linear (to be written)."""
__all__ = []
