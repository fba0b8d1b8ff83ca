"""Figures of derivatives, marginal effects and partial dependence (to be written)."""
__all__ = []
