"""local_linear figures (to be written)."""
__all__ = []
