#!/usr/bin/python3
"""The stockpipe feature set (registry v1, 35 features) in pandas: the baseline of bench/features.sh.

    /usr/bin/python3 bench/features_pandas.py --prices DIR [--replicate K] [--out FILE]
                                              [--sample-out FILE] [--sample-symbols A,B]
    /usr/bin/python3 bench/features_pandas.py --db DSN [--db-prefix P] [--db-version V]
                                              [--sample-out FILE] [--sample-symbols A,B]
    /usr/bin/python3 bench/features_pandas.py --compare SAMPLE.csv --stockpipe-csv ROWS.csv
                                              --stockpipe-names a,b,c

Same definitions, same order, same NULLs as features/.../registry (and its plain-Java reference):

* Windows count the trading rows of one symbol (a missing day is not a row). A window of N rows
  gives a value only if all N rows exist and the input is non-null in every one of them, else NaN
  (= SQL NULL): never a partial window.
* Division by zero gives NaN (Spark's try_divide); ln of a non-positive value gives NaN.
* EMAs are the truncated ones of registry/Ema.java, not pandas' ewm: the weighted mean of the last
  L values with weight (1-alpha)^k on the value k rows back, L the least with (1-alpha)^L <= 0.01
  (span 12: 28 rows, span 26: 60, span 9: 21, Wilder 14: 63). NaN unless all L values exist.
* Bars are read as stockpipe's ingest loads them: a row whose high < low, or whose open or close
  lies outside [low, high] (checked only where high and low are both present), is dropped, as are
  rows with a missing date/close/volume, a non-positive price, a negative volume, a date in the
  future, or a date twice in one file (both rows). In ../shared/data/prices that drops exactly the
  12 inconsistent bars the data's README lists. Empty fields are NaN (close-only bars keep their
  close and volume and give NaN candle features).

The features, in registry order (c = close, o/h/lo = open/high/low, v = volume, x[t-k] = k rows
back in the same symbol; mean/sd/max/min over the last N rows; sd_s sample, sd_p population):

  ret_K (K=1,5,10,20,60)   c / c[t-K] - 1                      lag
  log_ret_1                ln(c / c[t-1])                      lag
  vol_N (N=5,20,60)        sd_s(r, N), r = c / c[t-1] - 1      rolling std(ddof=1)
  up_ratio_20              mean(1 if c > c[t-1] else 0, 20)    rolling mean
  close_ma_N (5,10,20,60)  c / mean(c, N)                      rolling mean
  boll_pctb_20             (c - mean(c,20) + 2 sd_p(c,20)) / (4 sd_p(c,20))   rolling std(ddof=0)
  rsv_20                   (c - min(lo,20)) / (max(h,20) - min(lo,20))        rolling min/max
  max_high_20, min_low_20  max(h,20) / c, min(lo,20) / c       rolling max/min
  rsi_14                   100 g / (g + l), g, l = EMA(1/14, 63 rows) of max(+-(c - c[t-1]), 0)
  macd                     m / c, m = EMA(2/13, 28 rows)(c) - EMA(2/27, 60 rows)(c)
  macd_signal, macd_hist   s / c, (m - s) / c, s = EMA(2/10, 21 rows)(m)
  hl_range kmid klen kmid2 (h-lo)/c (c-o)/o (h-lo)/o (c-o)/(h-lo)
  kup kup2 klow klow2      (h-max(o,c))/o, /(h-lo); (min(o,c)-lo)/o, /(h-lo)
  ksft                     (2c - h - lo) / o
  volume_z_20              (v - mean(v,20)) / sd_s(v,20)       rolling mean, std(ddof=1)
  volume_ma_ratio_N (5,20) v / mean(v, N)                      rolling mean
  corr_ret_volume_20       cov_s(r, u, 20) / (sd_s(r,20) sd_s(u,20)), u = ln((v+1)/(v[t-1]+1))

First non-null row of a symbol (0-based): ret_K K, vol_N N, up_ratio_20 20, close_ma_N N-1,
boll/rsv/max/min/volume_z 19, rsi_14 63, macd 59, macd_signal/hist 79, candles 0, corr 20.

Timings (read, compute, write) go to stdout, with one machine-readable line starting "TIMES ".
Deliberately single-process and vectorised: per-symbol windows use pandas' own rolling kernels with
a window indexer that stops at the symbol's first row (what groupby().rolling() does inside,
without its MultiIndex reshuffle); lags and EMAs are numpy over the symbol-sorted rows, masked by
the row's position within its symbol (groupby().cumcount()).

--db does the job of `stockpipe features --all` instead: price_bar in from PostgreSQL, the
features and the labels (LabelDefinition: close[t+h] / close[t] - 1) out into two new tables,
PREFIX_feature_row and PREFIX_label_row, keyed and analysed (see "the same job" below).
"""

import argparse
import io
import math
import os
import sys
import time

from debian_packages import require


require("python3-pandas", "numpy", "pandas")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from numpy.lib.stride_tricks import sliding_window_view  # noqa: E402
from pandas.api.indexers import BaseIndexer  # noqa: E402

# registry order: ReturnFeatures, TrendFeatures, CandleFeatures, VolumeFeatures (FeatureRegistry.concat)
FEATURE_NAMES = [
    "ret_1", "ret_5", "ret_10", "ret_20", "ret_60", "log_ret_1",
    "vol_5", "vol_20", "vol_60", "up_ratio_20",
    "close_ma_5", "close_ma_10", "close_ma_20", "close_ma_60",
    "boll_pctb_20", "rsv_20", "max_high_20", "min_low_20",
    "rsi_14", "macd", "macd_signal", "macd_hist",
    "hl_range", "kmid", "klen", "kmid2", "kup", "kup2", "klow", "klow2", "ksft",
    "volume_z_20", "volume_ma_ratio_5", "volume_ma_ratio_20", "corr_ret_volume_20",
]  # fmt: skip

# Symbols with the real data's quirks (gaps, close-only bars, refused bars, a split, a short
# history, a dot in the name): always in the comparison sample when present.
SAMPLE_MUST = ["AAPL", "AOS", "APTV", "BRK.B", "CHD", "DHR", "ES", "FTV", "LNT", "O", "UA", "WRK"]
SAMPLE_REPLICAS_OF = ["DHR", "O", "LNT"]

DROPPED_WEIGHT = 0.01  # Ema.DROPPED_WEIGHT


def ema_rows(alpha):
    """Ema.rows: the least L with (1-alpha)^L <= 0.01, by the same repeated multiplication."""
    rows, remaining = 1, 1 - alpha
    while remaining > DROPPED_WEIGHT:
        remaining *= 1 - alpha
        rows += 1
    return rows


def span_alpha(span):
    return 2.0 / (span + 1)


# --------------------------------------------------------------------------------------------- read


def read_prices(directory):
    """Every .csv/.txt of the directory (name order), ticker = file name without extension,
    upper-cased (CsvPathSource), one file per ticker. Returns the valid bars, each symbol's rows
    contiguous and in date order, and the number of rows read."""
    names = sorted(n for n in os.listdir(directory) if n.endswith((".csv", ".txt")))
    if not names:
        sys.exit(f"no .csv or .txt files in {directory}")
    frames, tickers, in_order = [], [], True
    for name in names:
        frame = pd.read_csv(
            os.path.join(directory, name),
            dtype={"date": str, "open": "float64", "high": "float64", "low": "float64",
                   "close": "float64", "volume": "float64"},
            float_precision="round_trip",  # correctly rounded, as PostgreSQL's numeric -> float8
        )  # fmt: skip
        if list(frame.columns) != ["date", "open", "high", "low", "close", "volume"]:
            sys.exit(f"{name}: header is not date,open,high,low,close,volume")
        in_order = in_order and frame["date"].is_monotonic_increasing  # ISO dates sort as text
        frames.append(frame)
        tickers.append(name.rsplit(".", 1)[0].upper())
    if len(set(tickers)) != len(tickers):
        sys.exit(f"two files of {directory} name the same ticker")
    bars = pd.concat(frames, ignore_index=True)
    rows_read = len(bars)
    codes = np.repeat(np.arange(len(tickers)), [len(f) for f in frames])
    bars.insert(0, "symbol", pd.Categorical.from_codes(codes, categories=tickers))
    bars.insert(1, "trade_date", pd.to_datetime(bars.pop("date"), format="%Y-%m-%d"))
    bars = bars[valid(bars)]
    if not in_order:
        bars = bars.sort_values(["symbol", "trade_date"], kind="mergesort")
    return bars.reset_index(drop=True), rows_read


def valid(bars):
    """The rows ingest's PriceBar accepts (NaN compares false, so absent values pass a check)."""
    o, h, lo, c, v = (bars[k] for k in ("open", "high", "low", "close", "volume"))
    ok = bars["trade_date"].notna() & c.notna() & v.notna() & (v >= 0)
    ok &= ~((o <= 0) | (h <= 0) | (lo <= 0) | (c <= 0))
    ok &= bars["trade_date"] <= pd.Timestamp.today().normalize()
    ok &= ~(h < lo)  # HIGH_BELOW_LOW
    ok &= ~((o < lo) | (o > h))  # OPEN_OUTSIDE_RANGE (only where open, high and low exist)
    ok &= ~((c < lo) | (c > h))  # CLOSE_OUTSIDE_RANGE
    # DUPLICATE_DATE: a date twice in one file; neither row is kept.
    ok &= ~bars.duplicated(["symbol", "trade_date"], keep=False)
    return ok


def replicate(bars, copies):
    """The bars `copies` times: the originals plus copies 1..copies-1 named SYMBOL_R<i>."""
    if copies <= 1:
        return bars
    symbols = list(bars["symbol"].cat.categories)
    codes = bars["symbol"].cat.codes.to_numpy()
    names = symbols + [f"{s}_R{i}" for i in range(1, copies) for s in symbols]
    copied = pd.concat([bars.drop(columns="symbol")] * copies, ignore_index=True)
    all_codes = np.concatenate([codes + i * len(symbols) for i in range(copies)])
    copied.insert(0, "symbol", pd.Categorical.from_codes(all_codes, categories=names))
    return copied


# ------------------------------------------------------------------------------------------ compute


class SymbolWindow(BaseIndexer):
    """The last `window_size` rows of the same symbol, the current one included; shorter at the
    symbol's start (min_periods then makes those NaN). `first_row` holds, per row, the index of
    its symbol's first row. A window that does not overlap the previous one (the first row of a
    symbol) makes pandas' kernels start afresh, so no rounding carries over between symbols."""

    def get_window_bounds(self, num_values=0, min_periods=None, center=None, closed=None,
                          step=None):  # fmt: skip
        if getattr(self, "_bounds", None) is None or len(self._bounds[1]) != num_values:
            end = np.arange(1, num_values + 1, dtype=np.int64)
            self._bounds = (np.maximum(end - self.window_size, self.first_row), end)
        return self._bounds


class Features:
    """All series and features of symbol-sorted bars, as numpy arrays of len(bars)."""

    def __init__(self, bars):
        self.n = len(bars)
        self.pos = bars.groupby("symbol", sort=False).cumcount().to_numpy()
        self.first_row = np.arange(self.n, dtype=np.int64) - self.pos
        self.open = bars["open"].to_numpy(dtype=np.float64)
        self.high = bars["high"].to_numpy(dtype=np.float64)
        self.low = bars["low"].to_numpy(dtype=np.float64)
        self.close = bars["close"].to_numpy(dtype=np.float64)
        self.volume = bars["volume"].to_numpy(dtype=np.float64)
        self._indexers = {}

    # -- building blocks (Sql.java / Rolling.java / NullableMath.java)

    def lag(self, x, rows):
        """x[t - rows] of the same symbol, NaN before its first bar (Sql.lag)."""
        out = np.full(self.n, np.nan)
        out[rows:] = x[:-rows]
        out[self.pos < rows] = np.nan
        return out

    def rolling(self, x, rows):
        indexer = self._indexers.get(rows)
        if indexer is None:
            indexer = self._indexers[rows] = SymbolWindow(window_size=rows, first_row=self.first_row)
        return pd.Series(x, copy=False).rolling(indexer, min_periods=rows)

    def mean(self, x, rows):
        return self.rolling(x, rows).mean().to_numpy()

    def std_sample(self, x, rows):
        return self.rolling(x, rows).std(ddof=1).to_numpy()

    def std_population(self, x, rows):
        return self.rolling(x, rows).std(ddof=0).to_numpy()

    def max(self, x, rows):
        return self.rolling(x, rows).max().to_numpy()

    def min(self, x, rows):
        return self.rolling(x, rows).min().to_numpy()

    def correlation(self, x, y, rows):
        """cov_samp / (sd_samp(x) sd_samp(y)), NaN when either side is constant (Sql.correlation)."""
        nan = np.isnan(x) | np.isnan(y)  # both windows must be full of non-null values
        x = np.where(nan, np.nan, x)
        y = np.where(nan, np.nan, y)
        cov = self.rolling(x, rows).cov(pd.Series(y, copy=False), ddof=1).to_numpy()
        return divide(cov, self.std_sample(x, rows) * self.std_sample(y, rows))

    def ema(self, x, alpha):
        """Ema.java / Rolling.ema: sum_k (1-alpha)^k x[t-k] / sum_k (1-alpha)^k, k < L."""
        rows = ema_rows(alpha)
        weights = np.array([math.pow(1 - alpha, k) for k in range(rows)])
        out = np.full(self.n, np.nan)
        if self.n >= rows:
            # window i holds x[i .. i+rows-1], oldest first: weight (1-alpha)^(rows-1-j) on x[i+j]
            windows = sliding_window_view(x, rows)
            out[rows - 1 :] = np.einsum("ij,j->i", windows, weights[::-1]) / weights.sum()
        out[self.pos < rows - 1] = np.nan  # NaN inside a window propagates by itself
        return out

    # -- the registry

    def compute(self):
        c, o, h, lo, v = self.close, self.open, self.high, self.low, self.volume
        out = {}
        with np.errstate(divide="ignore", invalid="ignore"):
            # BaseSeries
            close_1 = self.lag(c, 1)
            change = c - close_1
            ret = divide(c, close_1) - 1.0
            log_ret = log(divide(c, close_1))
            gain = np.where(change > 0, change, np.where(np.isnan(change), np.nan, 0.0))
            loss = np.where(change < 0, -change, np.where(np.isnan(change), np.nan, 0.0))
            up_day = np.where(np.isnan(change), np.nan, (change > 0).astype(np.float64))
            volume_change = log(divide(v + 1.0, self.lag(v, 1) + 1.0))
            macd_line = self.ema(c, span_alpha(12)) - self.ema(c, span_alpha(26))

            # ReturnFeatures
            for days in (1, 5, 10, 20, 60):
                out[f"ret_{days}"] = ret if days == 1 else divide(c, self.lag(c, days)) - 1.0
            out["log_ret_1"] = log_ret
            for rows in (5, 20, 60):
                out[f"vol_{rows}"] = self.std_sample(ret, rows)
            out["up_ratio_20"] = self.mean(up_day, 20)

            # TrendFeatures
            for rows in (5, 10, 20, 60):
                out[f"close_ma_{rows}"] = divide(c, self.mean(c, rows))
            sd20 = self.std_population(c, 20)
            out["boll_pctb_20"] = divide(c - self.mean(c, 20) + 2.0 * sd20, 4.0 * sd20)
            max_high, min_low = self.max(h, 20), self.min(lo, 20)
            out["rsv_20"] = divide(c - min_low, max_high - min_low)
            out["max_high_20"] = divide(max_high, c)
            out["min_low_20"] = divide(min_low, c)
            wilder = 1.0 / 14
            ema_gain, ema_loss = self.ema(gain, wilder), self.ema(loss, wilder)
            out["rsi_14"] = 100.0 * divide(ema_gain, ema_gain + ema_loss)
            signal = self.ema(macd_line, span_alpha(9))
            out["macd"] = divide(macd_line, c)
            out["macd_signal"] = divide(signal, c)
            out["macd_hist"] = divide(macd_line - signal, c)

            # CandleFeatures (np.maximum/minimum propagate NaN, like Sql.greatestOf/leastOf)
            rng = h - lo
            top, bottom = np.maximum(o, c), np.minimum(o, c)
            out["hl_range"] = divide(rng, c)
            out["kmid"] = divide(c - o, o)
            out["klen"] = divide(rng, o)
            out["kmid2"] = divide(c - o, rng)
            out["kup"] = divide(h - top, o)
            out["kup2"] = divide(h - top, rng)
            out["klow"] = divide(bottom - lo, o)
            out["klow2"] = divide(bottom - lo, rng)
            out["ksft"] = divide(2.0 * c - h - lo, o)

            # VolumeFeatures
            out["volume_z_20"] = divide(v - self.mean(v, 20), self.std_sample(v, 20))
            for rows in (5, 20):
                out[f"volume_ma_ratio_{rows}"] = divide(v, self.mean(v, rows))
            out["corr_ret_volume_20"] = self.correlation(ret, volume_change, 20)
        assert list(out) == FEATURE_NAMES, list(out)
        return out


def divide(numerator, denominator):
    """NullableMath.divide / try_divide: NaN where the denominator is 0 or NaN."""
    quotient = numerator / denominator
    zero = denominator == 0
    if zero.any():
        quotient[zero] = np.nan
    return quotient


def log(x):
    """NullableMath.log: NaN for missing or non-positive input."""
    return np.log(np.where(x > 0, x, np.nan))


def compute(bars):
    features = Features(bars).compute()
    frame = pd.DataFrame(features, copy=False)
    frame.insert(0, "trade_date", bars["trade_date"].to_numpy())
    frame.insert(0, "symbol", bars["symbol"].to_numpy())
    return frame


# ------------------------------------------------------------------------------------ write, sample


def write(frame, path):
    if path.endswith((".pkl", ".pickle")):
        frame.to_pickle(path)
    else:
        frame.to_csv(path, index=False, float_format="%.17g", date_format="%Y-%m-%d")


def sample_symbols(symbols, size):
    """Deterministic: the quirky symbols, the last replica of a few of them, then evenly spaced
    symbols of the sorted list until `size`."""
    present = set(symbols)
    chosen = [s for s in SAMPLE_MUST if s in present]
    for base in SAMPLE_REPLICAS_OF:
        replicas = [s for s in symbols if s.startswith(base + "_R") and s[len(base) + 2 :].isdigit()]
        if replicas:
            chosen.append(max(replicas, key=lambda s: int(s[len(base) + 2 :])))
    rest = [s for s in sorted(symbols) if s not in chosen]
    wanted = min(len(rest), max(0, size - len(chosen)))
    chosen += [rest[i * len(rest) // wanted] for i in range(wanted)]
    return sorted(chosen)


def write_sample(frame, symbols, path):
    sample = frame[frame["symbol"].isin(symbols)]
    sample.to_csv(path, index=False, float_format="%r", na_rep="", date_format="%Y-%m-%d")
    return len(sample)


# ------------------------------------------------------------------------------------------ compare


def compare(sample_path, stockpipe_path, stockpipe_names, tolerance):
    """The pandas sample against feature_row rows (psql \\copy ... CSV of symbol, trade_date,
    features). Equal when both are NULL, or |a - b| <= tolerance * max(1, |a|): relative for
    values beyond 1 in size, absolute below (the rule of the features module's ReferenceCheck)."""
    names = [n.strip() for n in stockpipe_names.split(",")]
    if names != FEATURE_NAMES:
        print(f"FEATURE ORDER DIFFERS:\n  stockpipe {names}\n  pandas    {FEATURE_NAMES}")
        return False
    ours = pd.read_csv(sample_path, dtype={"symbol": str, "trade_date": str},
                       keep_default_na=False, na_values=[""], float_precision="round_trip")  # fmt: skip
    theirs = pd.read_csv(stockpipe_path, header=None, names=["symbol", "trade_date", "features"],
                         dtype=str, keep_default_na=False)  # fmt: skip
    # Python's order, not the database collation's
    ours = ours.sort_values(["symbol", "trade_date"], ignore_index=True)
    theirs = theirs.sort_values(["symbol", "trade_date"], ignore_index=True)
    ours_keys = list(zip(ours["symbol"], ours["trade_date"]))
    theirs_keys = list(zip(theirs["symbol"], theirs["trade_date"]))
    if ours_keys != theirs_keys:
        missing = sorted(set(ours_keys) - set(theirs_keys))
        extra = sorted(set(theirs_keys) - set(ours_keys))
        print(f"ROWS DIFFER: pandas {len(ours_keys)}, stockpipe {len(theirs_keys)};"
              f" only in pandas {len(missing)} {missing[:5]}, only in stockpipe {len(extra)} {extra[:5]}")  # fmt: skip
        return False
    expected = ours[FEATURE_NAMES].to_numpy(dtype=np.float64)
    actual = np.array([parse_pg_array(text, len(names)) for text in theirs["features"]])
    both_null = np.isnan(expected) & np.isnan(actual)
    one_null = np.isnan(expected) != np.isnan(actual)
    with np.errstate(invalid="ignore"):
        diff = np.where(both_null | one_null, 0.0, np.abs(expected - actual))
        scale = np.fmax(1.0, np.abs(expected))  # 1 where NULL (diff is 0 there)
        relative = np.where(diff == 0, 0.0, diff / np.abs(expected))
    bad = one_null | (diff > tolerance * scale)
    values = expected.size
    nonnull = int((~np.isnan(expected)).sum())
    worst = np.unravel_index(np.argmax(diff / scale), diff.shape)
    print(f"compared {len(ours_keys)} rows of {ours['symbol'].nunique()} symbols:"
          f" {values} values, {nonnull} non-null, {int(both_null.sum())} NULL on both sides")  # fmt: skip
    print(f"max |difference| {diff.max():.3g} (scaled {(diff / scale).max():.3g},"
          f" at {ours_keys[worst[0]]} {FEATURE_NAMES[worst[1]]}); max relative {relative.max():.3g}")  # fmt: skip
    print(f"COMPARE {len(ours_keys)} rows of {ours['symbol'].nunique()} symbols, {values} values"
          f" ({nonnull} non-null, {values - nonnull} NULL), max |difference| {diff.max():.3g},"
          f" max |difference| / max(1, |value|) {(diff / scale).max():.3g}:"
          f" {int(bad.sum())} differ")  # fmt: skip
    if bad.any():
        for row, col in list(zip(*np.nonzero(bad)))[:20]:
            print(f"  MISMATCH {ours_keys[row][0]} {ours_keys[row][1]} {FEATURE_NAMES[col]}:"
                  f" pandas {expected[row, col]!r}, stockpipe {actual[row, col]!r}")  # fmt: skip
        return False
    return True


def parse_pg_array(text, size):
    """'{1.5,NULL,-2e-05}' (PostgreSQL's text form of double precision[]) to floats, NULL = NaN."""
    if not (text.startswith("{") and text.endswith("}")):
        raise ValueError(f"not an array: {text[:60]}")
    values = [math.nan if f == "NULL" else float(f) for f in text[1:-1].split(",")]
    if len(values) != size:
        raise ValueError(f"array of {len(values)} values, expected {size}")
    return values


# ------------------------------------------------------------- the same job, against PostgreSQL (--db)
#
# What `stockpipe features --all` does, done the way a pandas user would do it fast: read price_bar
# with one COPY ... TO STDOUT (csv), compute, then load the features and the labels with binary COPY
# into two new tables, key them and ANALYZE them, as stockpipe's full build does before its swap.


def _import_psycopg2():
    require("python3-psycopg2", "psycopg2")
    import psycopg2

    return psycopg2


def read_db(connection):
    """price_bar's bars (ingest already refused the invalid ones), each symbol's rows contiguous
    and in date order."""
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        cursor.copy_expert(
            "COPY (SELECT symbol, trade_date, open, high, low, close, volume FROM price_bar"
            " ORDER BY symbol, trade_date) TO STDOUT (FORMAT csv, HEADER)",
            buffer,
        )
    buffer.seek(0)
    bars = pd.read_csv(
        buffer,
        dtype={"symbol": "category", "trade_date": str, "open": "float64", "high": "float64",
               "low": "float64", "close": "float64", "volume": "float64"},
        keep_default_na=False,  # a ticker such as NA or NULL is a ticker; only empty is missing
        na_values={c: [""] for c in ("open", "high", "low", "close", "volume")},
        float_precision="round_trip",  # as PostgreSQL's numeric -> float8
    )  # fmt: skip
    bars["trade_date"] = pd.to_datetime(bars["trade_date"], format="%Y-%m-%d")
    return bars


def labels(bars):
    """LabelDefinition: close[t+h] / close[t] - 1 of the same symbol, NaN (NULL) past its end."""
    close = bars["close"].to_numpy(dtype=np.float64)
    codes = bars["symbol"].cat.codes.to_numpy()
    out = {}
    for name, rows in (("next_return_1d", 1), ("forward_return_5d", 5)):
        ahead = np.full(len(close), np.nan)
        same = codes[rows:] == codes[:-rows]
        ahead[:-rows] = np.where(same, close[rows:] / close[:-rows] - 1, np.nan)
        out[name] = ahead
    return out


PG_EPOCH = np.datetime64("2000-01-01", "D")
FLOAT8_OID = 701


class BinaryCopy(io.RawIOBase):
    """Rows in PostgreSQL's binary COPY format, built by numpy, read by psycopg2's copy_expert.

    columns: (kind, values) in table order; kinds: "text" (a pandas Categorical), "date"
    (datetime64), "float8" (NaN = NULL), "float8[]" (2-D, one array per row, NaN element = NULL
    element). Binary rows have no fixed size (text lengths, NULLs), so rows are grouped by their
    layout (text lengths and NULL positions, as one int64 key) and each group is one numpy record
    array of fixed-size records."""

    CHUNK_ROWS = 65536

    def __init__(self, columns):
        super().__init__()
        self.columns = columns
        self.rows = len(columns[0][1])
        self._chunks = self._generate()
        self._pending = memoryview(b"")

    def readable(self):
        return True

    def readinto(self, target):
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = memoryview(chunk)
        size = min(len(target), len(self._pending))
        target[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def _generate(self):
        yield b"PGCOPY\n\xff\r\n\x00" + np.array([0, 0], ">i4").tobytes()
        prepared, key, bits = [], np.zeros(self.rows, np.int64), 0
        for kind, values in self.columns:
            if kind == "text":
                encoded = np.array([c.encode() for c in values.categories], dtype=object)
                lengths = np.array([len(e) for e in encoded], np.int64)
                assert lengths.max() < 256 and lengths.min() > 0
                codes = values.codes.astype(np.int64)
                key |= lengths[codes] << bits
                bits += 8
                prepared.append((kind, (np.array(list(encoded)), codes, lengths)))
            elif kind == "date":
                days = (values.astype("datetime64[D]") - PG_EPOCH).astype(np.int32)
                prepared.append((kind, days))
            elif kind == "float8":
                key |= np.isnan(values).astype(np.int64) << bits
                bits += 1
                prepared.append((kind, values))
            else:
                for j in range(values.shape[1]):
                    key |= np.isnan(values[:, j]).astype(np.int64) << (bits + j)
                bits += values.shape[1]
                prepared.append((kind, values))
        assert bits <= 63, f"{bits} layout bits do not fit an int64 key"
        layouts, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        order = np.argsort(inverse, kind="stable")
        for layout, rows in zip(layouts, np.split(order, np.cumsum(counts)[:-1])):
            for start in range(0, len(rows), self.CHUNK_ROWS):
                yield self._records(prepared, int(layout), rows[start : start + self.CHUNK_ROWS])
        yield np.array([-1], ">i2").tobytes()

    @staticmethod
    def _records(prepared, layout, rows):
        fields, fills, bit = [("n", ">i2")], [("n", len(prepared))], 0
        for i, (kind, values) in enumerate(prepared):
            if kind == "text":
                encoded, codes, lengths = values
                size = (layout >> bit) & 0xFF
                bit += 8
                fields += [(f"l{i}", ">i4"), (f"v{i}", f"S{size}")]
                fills += [(f"l{i}", size), (f"v{i}", encoded[codes[rows]])]
            elif kind == "date":
                fields += [(f"l{i}", ">i4"), (f"v{i}", ">i4")]
                fills += [(f"l{i}", 4), (f"v{i}", values[rows])]
            elif kind == "float8":
                null = (layout >> bit) & 1
                bit += 1
                fields.append((f"l{i}", ">i4"))
                fills.append((f"l{i}", -1 if null else 8))
                if not null:
                    fields.append((f"v{i}", ">f8"))
                    fills.append((f"v{i}", values[rows]))
            else:
                width = values.shape[1]
                present = [not (layout >> (bit + j)) & 1 for j in range(width)]
                bit += width
                header = [1, 0 if all(present) else 1, FLOAT8_OID, width, 1]
                fields.append((f"l{i}", ">i4"))
                fills.append((f"l{i}", 4 * len(header) + 4 * width + 8 * sum(present)))
                for h, value in enumerate(header):
                    fields.append((f"h{i}_{h}", ">i4"))
                    fills.append((f"h{i}_{h}", value))
                for j in range(width):
                    fields.append((f"l{i}_{j}", ">i4"))
                    fills.append((f"l{i}_{j}", 8 if present[j] else -1))
                    if present[j]:
                        fields.append((f"v{i}_{j}", ">f8"))
                        fills.append((f"v{i}_{j}", values[rows, j]))
        records = np.empty(len(rows), dtype=np.dtype(fields))
        for name, value in fills:
            records[name] = value
        return records.tobytes()


def write_db(connection, bars, frame, version, prefix):
    """The full build's load: two new tables, COPY, key, ANALYZE, one commit."""
    features = frame[FEATURE_NAMES].to_numpy(dtype=np.float64)
    symbol = bars["symbol"].array
    version_column = pd.Categorical.from_codes(np.zeros(len(bars), np.int8), categories=[version])
    trade_date = bars["trade_date"].to_numpy()
    label = labels(bars)
    features_table, labels_table = f"{prefix}_feature_row", f"{prefix}_label_row"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {features_table}, {labels_table}")
        cursor.execute(f"CREATE TABLE {features_table} (LIKE feature_row INCLUDING DEFAULTS)")
        cursor.execute(f"CREATE TABLE {labels_table} (LIKE label_row INCLUDING DEFAULTS)")
        cursor.copy_expert(
            f"COPY {features_table} (feature_set_version, symbol, trade_date, features)"
            " FROM STDIN (FORMAT binary)",
            BinaryCopy([("text", version_column), ("text", symbol), ("date", trade_date),
                        ("float8[]", features)]),  # fmt: skip
            size=1 << 20,
        )
        cursor.copy_expert(
            f"COPY {labels_table} (symbol, trade_date, next_return_1d, forward_return_5d)"
            " FROM STDIN (FORMAT binary)",
            BinaryCopy([("text", symbol), ("date", trade_date),
                        ("float8", label["next_return_1d"]),
                        ("float8", label["forward_return_5d"])]),  # fmt: skip
            size=1 << 20,
        )
        cursor.execute(
            f"ALTER TABLE {features_table} ADD PRIMARY KEY (feature_set_version, symbol, trade_date)"
        )
        cursor.execute(f"ALTER TABLE {labels_table} ADD PRIMARY KEY (symbol, trade_date)")
        cursor.execute(f"ANALYZE {features_table}")
        cursor.execute(f"ANALYZE {labels_table}")
    connection.commit()


# --------------------------------------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prices", help="directory of date,open,high,low,close,volume CSVs")
    parser.add_argument("--replicate", type=int, default=1, metavar="K",
                        help="the data K times: originals plus copies SYMBOL_R1..R<K-1>")  # fmt: skip
    parser.add_argument("--out", help="write every feature row here (.pkl: pickle, else CSV)")
    parser.add_argument("--sample-out", help="write the comparison sample (CSV) here")
    parser.add_argument("--sample-symbols", help="comma-separated; default: a fixed choice")
    parser.add_argument("--sample-size", type=int, default=20)
    parser.add_argument("--compare", metavar="SAMPLE", help="compare a --sample-out file ...")
    parser.add_argument("--stockpipe-csv", help="... with feature_row rows from psql \\copy")
    parser.add_argument("--stockpipe-names", help="... whose features are in this order")
    parser.add_argument("--tolerance", type=float, default=1e-9)
    parser.add_argument("--db", metavar="DSN",
                        help="the same job as stockpipe: read price_bar from this database, write"
                             " PREFIX_feature_row and PREFIX_label_row into it (libpq DSN)")  # fmt: skip
    parser.add_argument("--db-prefix", default="pandas", help="the --db tables' prefix")
    parser.add_argument("--db-version", default="pandas", help="their feature_set_version")
    parser.add_argument("--versions", action="store_true", help="print versions and exit")
    args = parser.parse_args()

    if args.versions:
        print(f"python {sys.version.split()[0]}, pandas {pd.__version__}, numpy {np.__version__}")
        return 0
    if args.compare:
        if not (args.stockpipe_csv and args.stockpipe_names):
            parser.error("--compare needs --stockpipe-csv and --stockpipe-names")
        return 0 if compare(args.compare, args.stockpipe_csv, args.stockpipe_names,
                            args.tolerance) else 1  # fmt: skip
    if bool(args.prices) == bool(args.db):
        parser.error("give --prices or --db")
    if args.replicate < 1 or (args.db and args.replicate != 1):
        parser.error("--replicate must be at least 1, and 1 with --db")
    if args.db and not args.db_prefix.isidentifier():
        parser.error("--db-prefix must be a plain SQL identifier")

    start = time.perf_counter()
    if args.db:
        connection = _import_psycopg2().connect(args.db)
        bars = read_db(connection)
        rows_read = len(bars)
    else:
        bars, rows_read = read_prices(args.prices)
    read_s = time.perf_counter() - start
    dropped = rows_read - len(bars)
    start = time.perf_counter()
    bars = replicate(bars, args.replicate)
    replicate_s = time.perf_counter() - start

    start = time.perf_counter()
    frame = compute(bars)
    compute_s = time.perf_counter() - start

    write_s = 0.0
    if args.db:
        start = time.perf_counter()
        write_db(connection, bars, frame, args.db_version, args.db_prefix)
        write_s = time.perf_counter() - start
        connection.close()
    if args.out:
        start = time.perf_counter()
        write(frame, args.out)
        write_s = time.perf_counter() - start
    symbols = frame["symbol"].unique().tolist()
    if args.sample_out:
        chosen = (args.sample_symbols.split(",") if args.sample_symbols
                  else sample_symbols(symbols, args.sample_size))  # fmt: skip
        sample_rows = write_sample(frame, chosen, args.sample_out)
        print(f"sample: {sample_rows} rows of {len(chosen)} symbols: {','.join(chosen)}")

    print(f"{len(frame)} feature rows of {len(symbols)} symbols"
          f" ({rows_read} rows read, {dropped} refused as ingest refuses them"
          f"{f', x{args.replicate} replicated' if args.replicate > 1 else ''})")  # fmt: skip
    print(f"read {read_s:.2f} s, replicate {replicate_s:.2f} s, compute {compute_s:.2f} s,"
          f" write {write_s:.2f} s")  # fmt: skip
    print(f"TIMES rows={len(frame)} symbols={len(symbols)} read={read_s + replicate_s:.3f}"
          f" compute={compute_s:.3f} write={write_s:.3f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
