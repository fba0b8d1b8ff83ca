"""Data sets generated with a fixed seed, so every run of a lesson sees the same numbers."""
from .toy import *        # noqa: F401,F403  linear data, moons, xor, circles
from .cmb import *        # noqa: F401,F403  CMB power spectra, LCDM against alternatives
from .bike import *       # noqa: F401,F403  bike-sharing-like hourly counts
