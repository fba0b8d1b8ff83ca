"""The bike-sharing generator has the columns, codes and structure of the UCI hourly data;
the reader reads hour.csv-like files into the same object."""
import numpy as np
import pytest

from minirelu.datasets import BIKE_FEATURES, load_bike_sharing, make_bike_sharing


@pytest.fixture(scope="module")
def bike():
    return make_bike_sharing(random_state=0)


def col(data, name):
    return data.X[:, BIKE_FEATURES.index(name)]


def test_shape_columns_and_unpacking(bike):
    X, y, names = bike
    assert X.shape == (17379, 12) and y.shape == (17379,)
    assert names == ("season", "yr", "mnth", "hr", "holiday", "weekday", "workingday",
                     "weathersit", "temp", "atemp", "hum", "windspeed")
    assert y.dtype == np.int64 and (y >= 0).all()
    assert repr(bike).startswith("BikeSharing(source='generated', n_samples=17379, n_features=12")
    np.testing.assert_array_equal(bike.select(["hr", "temp"]), X[:, [3, 8]])


def test_codes_and_ranges(bike):
    for name, values in (("season", {1, 2, 3, 4}), ("yr", {0, 1}), ("mnth", set(range(1, 13))),
                         ("hr", set(range(24))), ("holiday", {0, 1}), ("weekday", set(range(7))),
                         ("workingday", {0, 1}), ("weathersit", {1, 2, 3, 4})):
        assert set(np.unique(col(bike, name)).astype(int)) == values, name
    for name in ("temp", "atemp", "hum", "windspeed"):
        assert 0 <= col(bike, name).min() and col(bike, name).max() <= 1, name


def test_calendar_is_consistent(bike):
    weekday, holiday, work = col(bike, "weekday"), col(bike, "holiday"), col(bike, "workingday")
    # a working day is a weekday (Monday..Friday) that is not a holiday
    np.testing.assert_array_equal(work, ((weekday >= 1) & (weekday <= 5) & (holiday == 0)))
    # 2011-01-01 was a Saturday; the first row kept is within its first hours
    full = make_bike_sharing(n_samples=24 * 731, random_state=1)
    assert col(full, "weekday")[0] == 6 and col(full, "mnth")[0] == 1 and col(full, "season")[0] == 1
    assert col(full, "hr")[:24].tolist() == list(range(24))
    # 4 July 2011 (day 184) is a holiday
    assert col(full, "holiday")[184 * 24] == 1 and col(full, "mnth")[184 * 24] == 7
    # about 21 holidays in two years
    assert col(full, "holiday").sum() == 21 * 24


def test_structure_of_the_counts(bike):
    y, hr, work = bike.y, col(bike, "hr"), col(bike, "workingday") == 1

    def mean(mask):
        return y[mask].mean()

    # commuting peaks on working days, a midday hump on days off
    assert mean(work & (hr == 8)) > 1.6 * mean(work & (hr == 12))
    assert mean(work & (hr == 17)) > 1.6 * mean(work & (hr == 12))
    assert mean(~work & (hr == 13)) > 2 * mean(~work & (hr == 8))
    assert mean(hr == 4) < 0.1 * y.mean()
    # growth over the two years, fewer rentals in rain and snow, and in winter
    assert mean(col(bike, "yr") == 1) > 1.3 * mean(col(bike, "yr") == 0)
    assert mean(col(bike, "weathersit") == 3) < 0.6 * mean(col(bike, "weathersit") == 1)
    assert mean(col(bike, "season") == 1) < 0.7 * mean(col(bike, "season") == 3)
    # temperature: rentals rise from cold to warm, then fall again near the top of the range
    temp = col(bike, "temp")
    afternoon = (hr >= 12) & (hr <= 16)
    cold, warm, hot = (mean(afternoon & (temp >= lo) & (temp < hi))
                       for lo, hi in ((0.1, 0.3), (0.6, 0.75), (0.9, 1.01)))
    assert cold < 0.6 * warm and hot < warm
    # temp and atemp are nearly the same information
    assert np.corrcoef(temp, col(bike, "atemp"))[0, 1] > 0.95


def test_seeded_and_subsampled():
    a, b = make_bike_sharing(500, random_state=3), make_bike_sharing(500, random_state=3)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)
    assert not np.array_equal(a.y, make_bike_sharing(500, random_state=4).y)
    # rows stay in time order
    t = col(a, "yr") * 10000 + col(a, "mnth") * 100
    assert (np.diff(t) >= 0).all()


def test_bad_arguments():
    with pytest.raises(ValueError, match="n_samples must be at most 17544"):
        make_bike_sharing(20000)
    with pytest.raises(ValueError, match="n_samples must be >= 1"):
        make_bike_sharing(0)
    with pytest.raises(TypeError, match="random_state"):
        make_bike_sharing(10, random_state="x")
    bike = make_bike_sharing(10)
    with pytest.raises(ValueError, match="name must be one of"):
        bike.column("cnt")


UCI_HEADER = ("instant,dteday,season,yr,mnth,hr,holiday,weekday,workingday,weathersit,"
              "temp,atemp,hum,windspeed,casual,registered,cnt")
UCI_ROWS = ["1,2011-01-01,1,0,1,0,0,6,0,1,0.24,0.2879,0.81,0,3,13,16",
            "2,2011-01-01,1,0,1,1,0,6,0,1,0.22,0.2727,0.8,0,8,32,40"]


def test_load_reads_the_uci_layout(tmp_path):
    path = tmp_path / "hour.csv"
    path.write_text("\n".join([UCI_HEADER] + UCI_ROWS) + "\n")
    data = load_bike_sharing(path)
    np.testing.assert_array_equal(data.y, [16, 40])
    np.testing.assert_array_equal(data.X[0], [1, 0, 1, 0, 0, 6, 0, 1, 0.24, 0.2879, 0.81, 0])
    assert data.X[1, 3] == 1 and data.source == str(path)
    X, y, names = data
    assert names == BIKE_FEATURES


def test_load_reads_the_thirteen_column_layout(tmp_path):
    # the layout without instant, dteday, casual, registered, columns in another order
    path = tmp_path / "bike.csv"
    header = "cnt," + ",".join(BIKE_FEATURES)
    path.write_text(f"{header}\n7,2,1,5,13,0,3,1,2,0.5,0.48,0.6,0.1\n")
    data = load_bike_sharing(str(path))
    assert data.y.tolist() == [7]
    np.testing.assert_array_equal(data.X, [[2, 1, 5, 13, 0, 3, 1, 2, 0.5, 0.48, 0.6, 0.1]])


def test_load_rejects_bad_files(tmp_path):
    with pytest.raises(ValueError, match="is not a file"):
        load_bike_sharing(tmp_path / "missing.csv")
    with pytest.raises(TypeError, match="path must be a file path"):
        load_bike_sharing(3)
    bad = tmp_path / "bad.csv"
    bad.write_text("season,yr,cnt\n1,0,5\n")
    with pytest.raises(ValueError, match="lacks the column.s. mnth, hr"):
        load_bike_sharing(bad)
    empty = tmp_path / "empty.csv"
    empty.write_text(UCI_HEADER + "\n")
    with pytest.raises(ValueError, match="header but no rows"):
        load_bike_sharing(empty)
    text = tmp_path / "text.csv"
    text.write_text(UCI_HEADER + "\n" + UCI_ROWS[0].replace("0.24", "warm") + "\n")
    with pytest.raises(ValueError, match="not numbers"):
        load_bike_sharing(text)
