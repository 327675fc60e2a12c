# SPDX-License-Identifier: MIT
"""Summary fields computed from cclib's ccData attributes.

Kept apart from the processor's process handling so that each stays short;
the field meanings are documented in ``docs/processors.rst``.
"""

import numpy


def finite(value):
    """Plain float for JSON, ``None`` for NaN or infinity (JSON has neither)."""
    value = float(value)
    return value if numpy.isfinite(value) else None


def _to_hartree(value_ev):
    from cclib.parser.utils import convertor

    value = finite(value_ev)
    return None if value is None else convertor(value, "eV", "hartree")


def symbols_of(atomnos):
    """Element symbols; ``X`` for ghost or dummy atoms (atomic number 0)."""
    from cclib.parser.utils import PeriodicTable

    table = PeriodicTable().element
    return [
        table[int(z)] if 0 < int(z) < len(table) and table[int(z)] else "X"
        for z in atomnos
    ]


def hill_formula(symbols):
    """Hill order: C, then H, then the rest alphabetically; without C, all."""
    counts = {}
    for symbol in symbols:
        counts[symbol] = counts.get(symbol, 0) + 1
    if "C" in counts:
        order = ["C"] + (["H"] if "H" in counts else [])
        order += sorted(s for s in counts if s not in ("C", "H"))
    else:
        order = sorted(counts)
    return "".join(s + (str(counts[s]) if counts[s] > 1 else "") for s in order)


def _last(values):
    """Last element of a per-geometry array that may be 1-D or 2-D."""
    array = numpy.asarray(values, dtype=float)
    if array.size == 0:
        return None
    return array.reshape(array.shape[0], -1)[-1]


def energies(data):
    """Final energies in hartree; cclib 1.8 stores electronic energies in eV."""
    result = {"unit": "hartree"}
    if getattr(data, "scfenergies", None) is not None and len(data.scfenergies):
        result["scf"] = _to_hartree(data.scfenergies[-1])
    mp = getattr(data, "mpenergies", None)
    if mp is not None and len(mp):
        # Columns are the perturbation orders cclib found, starting with MP2.
        for order, value in enumerate(_last(mp), start=2):
            if finite(value) is not None:
                result[f"mp{order}"] = _to_hartree(value)
    cc = getattr(data, "ccenergies", None)
    if cc is not None and len(cc):
        result["cc"] = _to_hartree(_last(cc)[-1])
    # Thermochemistry is already in hartree per particle in cclib.
    for attribute, key in (("enthalpy", "enthalpy"), ("freeenergy", "free_energy")):
        if getattr(data, attribute, None) is not None:
            result[key] = finite(getattr(data, attribute))
    return result


def scf_converged(data):
    """Whether the last SCF met all its targets; ``None`` when unknown.

    Programs do not print every criterion on every iteration (Gaussian's
    energy change is NaN on the final frequency step), so only printed
    values are compared.
    """
    targets, values = getattr(data, "scftargets", None), getattr(
        data, "scfvalues", None
    )
    if targets is None or values is None or not len(targets) or not len(values):
        return None
    target = numpy.asarray(targets[-1], dtype=float).ravel()
    last = _last(values[-1])
    if last is None or last.shape != target.shape:
        return None
    known = numpy.isfinite(last) & numpy.isfinite(target)
    if not known.any():
        return None
    return bool(numpy.all(numpy.abs(last[known]) <= target[known]))


def optimisation_done(data):
    """Whether the optimisation converged; ``None`` when cclib cannot tell."""
    if not hasattr(data, "optdone"):
        return None  # not an optimisation, or cclib cannot tell
    optdone = data.optdone
    return bool(len(optdone)) if isinstance(optdone, (list, tuple)) else bool(optdone)


def vibrations(data):
    """Number of modes and of imaginary ones (cclib gives them negative)."""
    freqs = getattr(data, "vibfreqs", None)
    if freqs is None:
        return None
    freqs = numpy.asarray(freqs, dtype=float)
    return {"count": int(freqs.size), "imaginary": int((freqs < 0).sum())}


def seconds(times):
    """Total of cclib's per-job timedeltas (multi-step jobs have several)."""
    if not times:
        return None
    return round(sum(t.total_seconds() for t in times), 3)


def xyz_text(name, symbols, coords):
    """XYZ file text; the comment line names the source file."""
    lines = [str(len(symbols)), f"{name}: final geometry (Angstrom) read by cclib"]
    for symbol, (x, y, z) in zip(symbols, coords):
        x, y, z = x + 0.0, y + 0.0, z + 0.0  # print -0.0 as 0.0
        lines.append(f"{symbol:<2} {x:15.8f} {y:15.8f} {z:15.8f}")
    return "\n".join(lines) + "\n"
