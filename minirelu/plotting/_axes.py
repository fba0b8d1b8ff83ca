"""The one place that creates a figure: matplotlib is imported here, lazily."""

__all__ = ["get_axes", "pyplot"]


def pyplot():
    """Import matplotlib.pyplot on first use, so `import minirelu` stays light."""
    import matplotlib.pyplot as plt
    return plt


def get_axes(ax=None, figsize=(6, 4)):
    """Return ``ax``, or the axes of a new figure of size ``figsize`` when ``ax`` is None."""
    if ax is not None:
        return ax
    _, ax = pyplot().subplots(figsize=figsize)
    return ax
