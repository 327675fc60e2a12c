# SPDX-License-Identifier: MIT
"""Energy terms of a GROMACS ``.edr`` file: table, drift and chart series.

pyedr reads ``.edr`` files without GROMACS (numpy only; panedr is the same
reader plus pandas, which nothing here needs). It loads every term into
memory, which is small for energies (one number per term per saved step),
but a size guard still refuses files beyond :data:`MAX_EDR_BYTES`.
Units are the file's own (kJ/mol, K, bar, nm, ps).
"""

import math
import os

import numpy

from .reasons import ReadFailure

MAX_EDR_BYTES = 512 * 1024**2
"""Largest ``.edr`` read; its terms are held in memory together."""

SERIES_POINTS = 200
"""Points at most in each chart series (evenly strided)."""

CHART_TERMS = ("Temperature", "Pressure", "Potential")


def _finite(value):
    value = float(value)
    return value if math.isfinite(value) else None


def drift(times, values):
    """(last - first) / time span, per ps: GROMACS's "conserved energy drift"."""
    span = float(times[-1] - times[0]) if len(times) > 1 else 0.0
    return _finite((values[-1] - values[0]) / span) if span > 0 else None


def trend(times, values):
    """Least-squares slope of ``values`` over ``times``, per ps; less noise-prone."""
    if len(times) < 3 or float(numpy.ptp(times)) == 0:
        return None
    slope = numpy.polyfit(numpy.asarray(times, float), numpy.asarray(values, float), 1)[
        0
    ]
    return _finite(slope)


def term_statistics(times, values):
    """Mean, standard deviation, first/last value and drift of one term."""
    values = numpy.asarray(values, dtype=float)
    return {
        "mean": _finite(values.mean()),
        "std": _finite(values.std()),
        "first": _finite(values[0]),
        "last": _finite(values[-1]),
        "drift_per_ps": drift(times, values),
        "trend_per_ps": trend(times, values),
    }


def series(times, values, points=SERIES_POINTS):
    """``{"time_ps": [...], "values": [...]}`` with at most ``points`` points."""
    step = max(1, math.ceil(len(times) / points))
    index = list(range(0, len(times), step))
    if index[-1] != len(times) - 1:
        index.append(len(times) - 1)
    return {
        "time_ps": [round(float(times[i]), 6) for i in index],
        "values": [_finite(values[i]) for i in index],
    }


def energies_section(path):
    """The summary's ``energies`` section of one ``.edr`` file."""
    import pyedr

    size = os.path.getsize(path)
    if size > MAX_EDR_BYTES:
        raise ReadFailure(
            f"the energy file is {size / 1024**2:.0f} MB, more than the"
            f" {MAX_EDR_BYTES / 1024**2:.0f} MB this processor reads"
        )
    data = pyedr.edr_to_dict(str(path))
    units = pyedr.get_unit_dictionary(str(path))
    times = numpy.asarray(data.pop("Time"), dtype=float)
    if not len(times):
        raise ReadFailure("the energy file holds no frames")
    terms = {
        name: {"unit": units.get(name) or None, **term_statistics(times, values)}
        for name, values in data.items()
    }
    return {
        "frames": int(len(times)),
        "first_time_ps": _finite(times[0]),
        "last_time_ps": _finite(times[-1]),
        "terms": terms,
        "series": {
            name: {"unit": units.get(name) or None, **series(times, data[name])}
            for name in CHART_TERMS
            if name in data
        },
    }
