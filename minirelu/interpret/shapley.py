"""shapley (to be written)."""
__all__ = []
