"""Hourly bike rentals: a generator with the structure of the UCI bike-sharing data, and a reader.

The UCI "Bike Sharing Dataset" (Fanaee-T and Gama, 2013; hourly file ``hour.csv``)
counts the bikes rented per hour in Washington, D.C., in 2011 and 2012, with calendar
and weather columns. :func:`make_bike_sharing` generates data with the same columns,
codes and ranges, and the same broad structure:

* two years of hours (``yr`` 0 and 1), with more rentals in the second year;
* on working days, commuting peaks at 8 h and 17-18 h; on weekends and holidays a
  midday hump of leisure riding;
* a seasonal temperature cycle with day-to-day weather; rentals rise with the
  temperature up to an optimum near 0.7 of the normalised scale (about 25 °C) and fall
  beyond it; humidity, wind and rain or snow (``weathersit`` 3, 4) reduce them;
  leisure riders react to the weather more than commuters.

It is not the real data. :func:`load_bike_sharing` reads the real ``hour.csv`` when
you have it, into the same object.

Columns (as in ``hour.csv``): season 1-4 (winter, spring, summer, fall), yr 0-1,
mnth 1-12, hr 0-23, holiday 0/1, weekday 0-6 (0 = Sunday), workingday 0/1,
weathersit 1-4 (clear, mist, light rain or snow, heavy rain or snow), temp = °C
normalised to (t + 8) / 47, atemp = felt °C normalised to (t + 16) / 66,
hum = relative humidity / 100, windspeed = km/h / 67, and the target cnt.

Introduced in lessons/09_local_linear_models.ipynb.
"""
import csv
import io
import os

import numpy as np

from ..validation import check_int, check_random_state

__all__ = ["make_bike_sharing", "load_bike_sharing", "BikeSharing", "BIKE_FEATURES"]

BIKE_FEATURES = ("season", "yr", "mnth", "hr", "holiday", "weekday", "workingday",
                 "weathersit", "temp", "atemp", "hum", "windspeed")

N_HOURS = 731 * 24          # 2011-01-01 00:00 to 2012-12-31 23:00

# Public holidays in Washington, D.C. (federal holidays and Emancipation Day).
HOLIDAYS = np.array(["2011-01-17", "2011-02-21", "2011-04-15", "2011-05-30", "2011-07-04",
                     "2011-09-05", "2011-10-10", "2011-11-11", "2011-11-24", "2011-12-26",
                     "2012-01-02", "2012-01-16", "2012-02-20", "2012-04-16", "2012-05-28",
                     "2012-07-04", "2012-09-03", "2012-10-08", "2012-11-12", "2012-11-22",
                     "2012-12-25"], dtype="datetime64[D]")

# Typical rentals per hour at good weather in the first year, by hour of the day:
# commuters (registered riders) on working days, and leisure riders on days off.
COMMUTE = np.array([18, 8, 4, 3, 3, 18, 90, 280, 480, 235, 110, 115, 155, 155, 135, 150, 245,
                    520, 495, 340, 235, 170, 125, 65], float)
LEISURE = np.array([52, 39, 28, 13, 5, 5, 10, 26, 72, 130, 195, 240, 265, 275, 265, 260,
                    245, 220, 180, 145, 105, 85, 70, 58], float)


class BikeSharing:
    """Hourly rental counts: what :func:`make_bike_sharing` and :func:`load_bike_sharing` return.

    Attributes
    ----------
    X : ndarray (n, 12), float64, the columns of ``feature_names``.
    y : ndarray (n,), int64, the rentals ``cnt`` of each hour.
    feature_names : tuple of the 12 column names (``BIKE_FEATURES``).
    target_name : 'cnt'.    source : 'generated' or the path read.

    ``X, y, feature_names = data`` unpacks it.
    """
    target_name = "cnt"

    def __init__(self, X, y, source):
        self.X, self.y, self.source = X, y, source
        self.feature_names = BIKE_FEATURES

    def __iter__(self):
        return iter((self.X, self.y, self.feature_names))

    def __repr__(self):
        return (f"BikeSharing(source={self.source!r}, n_samples={self.y.size}, "
                f"n_features={len(self.feature_names)}, mean cnt={self.y.mean():.1f})")

    def column(self, name):
        """One feature column by name, shape (n,)."""
        if name not in self.feature_names:
            raise ValueError(f"name must be one of {', '.join(self.feature_names)}; got {name!r}")
        return self.X[:, self.feature_names.index(name)]

    def select(self, names):
        """The columns ``names`` (in that order) as an array (n, len(names))."""
        if isinstance(names, str):
            raise TypeError("names must be a list of column names, not a single string")
        return np.column_stack([self.column(name) for name in names])


def _smooth_noise(rng, n, width):
    """Standard-normal noise correlated over about ``width`` steps (moving average of white noise)."""
    kernel = np.exp(-np.arange(4 * width) / width)
    white = rng.standard_normal(n + kernel.size - 1)
    smooth = np.convolve(white, kernel, mode="valid")
    return smooth / np.sqrt(np.sum(kernel ** 2))


def _calendar():
    """Calendar columns of every hour of 2011-2012, and the day of each hour."""
    day = np.repeat(np.arange(731), 24)
    dates = np.datetime64("2011-01-01") + day
    hr = np.tile(np.arange(24), 731)
    yr = (dates >= np.datetime64("2012-01-01")).astype(int)
    months = dates.astype("datetime64[M]")
    mnth = months.astype(int) % 12 + 1
    day_of_month = (dates - months.astype("datetime64[D]")).astype(int) + 1
    weekday = (day + 6) % 7                      # 2011-01-01 was a Saturday (6)
    holiday = np.isin(dates, HOLIDAYS).astype(int)
    workingday = ((weekday >= 1) & (weekday <= 5) & (holiday == 0)).astype(int)
    # astronomical seasons: winter from 21 December, spring from 21 March, ...
    md = mnth * 100 + day_of_month
    season = np.select([md >= 1221, md >= 923, md >= 621, md >= 321], [1, 4, 3, 2], default=1)
    return day, dict(season=season, yr=yr, mnth=mnth, hr=hr, holiday=holiday,
                     weekday=weekday, workingday=workingday)


def make_bike_sharing(n_samples=17379, random_state=0):
    """Generate hourly bike rentals with the columns and structure of the UCI data.

    Parameters
    ----------
    n_samples : int, 1..17544
        Hours kept, drawn at random from the 17,544 hours of 2011-2012 and kept in time
        order (the real file has 17,379 hours: a few are missing).
    random_state : None, int or numpy Generator.

    Returns
    -------
    BikeSharing
        ``X`` (n, 12) with ``feature_names`` season, yr, mnth, hr, holiday, weekday,
        workingday, weathersit, temp, atemp, hum, windspeed; ``y`` (n,) the count ``cnt``.
    """
    n = check_int(n_samples, "n_samples", minimum=1)
    if n > N_HOURS:
        raise ValueError(f"n_samples must be at most {N_HOURS}, the hours in two years; got {n}")
    rng = check_random_state(random_state)
    day, cal = _calendar()
    hr, doy = cal["hr"], day % 365
    doy_of_day = np.arange(731) % 365

    # weather: a seasonal temperature with day-to-day and hour-to-hour anomalies
    t_day = 15.5 - 11.0 * np.cos(2 * np.pi * (doy_of_day - 20) / 365) + 3.5 * _smooth_noise(rng, 731, 3)
    t = t_day[day] + 4.0 * np.sin(2 * np.pi * (hr - 9) / 24) + 1.2 * _smooth_noise(rng, N_HOURS, 3)
    wet = _smooth_noise(rng, N_HOURS, 10)              # cloud and rain: persistent for hours
    weathersit = 1 + (wet > 0.45).astype(int) + (wet > 1.45).astype(int) + (wet > 3.2).astype(int)
    hum = 0.58 + 0.1 * _smooth_noise(rng, 731, 4)[day] + 0.12 * np.cos(2 * np.pi * (hr - 4) / 24) \
        + 0.08 * (weathersit - 1) + 0.04 * rng.standard_normal(N_HOURS)
    hum = np.clip(np.round(hum, 2), 0.0, 1.0)
    wind_kmh = np.clip(np.round(rng.gamma(2.2, 5.5, N_HOURS) * (1 + 0.25 * (weathersit > 2))),
                       0, 57)
    felt = t + np.where(t > 22, 8.0 * (hum - 0.5), 0.0) - np.where(t < 12, 0.25 * wind_kmh, 0.0)
    temp = np.clip(np.round((t + 8) / 47, 2), 0.02, 1.0)
    atemp = np.clip(np.round((felt + 16) / 66, 4), 0.0, 1.0)
    windspeed = np.round(wind_kmh / 67, 4)

    # rentals: commuters on working days, leisure riders mostly on days off; both grow
    # over the two years and respond to the weather, leisure riders more strongly
    weather = (-4.0 * (temp - 0.7) ** 2 - 1.2 * np.maximum(hum - 0.55, 0) - 0.8 * windspeed
               + np.array([0.0, 0.0, -0.12, -0.9, -1.4])[weathersit]
               + np.array([0.0, -0.15, 0.0, 0.05, 0.1])[cal["season"]])
    work = cal["workingday"]
    commute = np.where(work == 1, COMMUTE[hr], 0.3 * LEISURE[hr])
    leisure = np.where(work == 1, 0.35, 1.0) * LEISURE[hr]
    growth = np.exp(0.45 * cal["yr"] + 0.15 * doy / 365)
    mean = growth * (commute * np.exp(0.7 * weather) + leisure * np.exp(1.6 * weather))
    cnt = rng.poisson(mean * rng.gamma(12.0, 1 / 12.0, N_HOURS))

    columns = {**cal, "weathersit": weathersit, "temp": temp, "atemp": atemp, "hum": hum,
               "windspeed": windspeed}
    X = np.column_stack([columns[name] for name in BIKE_FEATURES]).astype(np.float64)
    keep = np.sort(rng.choice(N_HOURS, n, replace=False))
    return BikeSharing(X[keep], cnt[keep].astype(np.int64), "generated")


def load_bike_sharing(path):
    """Read the real UCI ``hour.csv`` (or a copy with the same columns) into a BikeSharing.

    Parameters
    ----------
    path : str or path-like, a comma-separated file with a header row holding at least the
        columns of ``BIKE_FEATURES`` and ``cnt`` (extra columns such as instant, dteday,
        casual, registered are ignored).

    Returns
    -------
    BikeSharing with ``source`` the path.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file path, got {type(path).__name__}")
    if not os.path.isfile(path):
        raise ValueError(f"path {os.fspath(path)!r} is not a file")
    with open(path, newline="", encoding="utf-8") as handle:
        header = [name.strip() for name in next(csv.reader(handle), [])]
        wanted = BIKE_FEATURES + ("cnt",)
        missing = [name for name in wanted if name not in header]
        if missing:
            raise ValueError(f"{os.fspath(path)!r} lacks the column(s) {', '.join(missing)}; "
                             f"it must hold {', '.join(wanted)}")
        body = handle.read()
    if not body.strip():
        raise ValueError(f"{os.fspath(path)!r} has a header but no rows")
    try:
        data = np.loadtxt(io.StringIO(body), delimiter=",", usecols=[header.index(n) for n in wanted],
                          ndmin=2)
    except ValueError as error:
        raise ValueError(f"{os.fspath(path)!r} holds a row that is not numbers in every "
                         f"needed column ({error})") from None
    if not np.isfinite(data).all():
        raise ValueError(f"{os.fspath(path)!r} holds NaN or infinite values")
    return BikeSharing(data[:, :-1], data[:, -1].astype(np.int64), os.fspath(path))
