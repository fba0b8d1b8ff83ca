"""partition (to be written)."""
__all__ = []
