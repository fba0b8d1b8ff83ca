"""derivatives (to be written)."""
__all__ = []
