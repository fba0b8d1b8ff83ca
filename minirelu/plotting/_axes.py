"""The one place that creates a figure: matplotlib is imported here, lazily."""

__all__ = ["get_axes", "pyplot", "check_result"]


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


def check_result(result, kind, name, *attributes):
    """Raise a TypeError naming ``name`` unless ``result`` has the ``attributes`` a
    ``kind`` result (from ``minirelu.interpret``) has, instead of an AttributeError
    from deep inside the drawing code."""
    if not all(hasattr(result, attribute) for attribute in attributes):
        raise TypeError(f"{name} must be a {kind} (from minirelu.interpret), "
                        f"got {type(result).__name__}")
    return result
