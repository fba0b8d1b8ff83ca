"""explain figures (to be written)."""
__all__ = []
