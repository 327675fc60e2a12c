# SPDX-License-Identifier: MIT
"""Summary fields computed from cclib's ccData attributes.

Kept apart from the processor's process handling so that each stays short;
the field meanings are documented in ``docs/processors.rst``.
"""

import functools
import math
import re

import numpy


def finite(value):
    """Plain float for JSON, ``None`` for NaN or infinity (JSON has neither)."""
    value = float(value)
    return value if math.isfinite(value) else None


def _to_hartree(value_ev):
    from cclib.parser.utils import convertor

    value = finite(value_ev)
    return None if value is None else convertor(value, "eV", "hartree")


@functools.cache
def _elements():
    from cclib.parser.utils import PeriodicTable

    return PeriodicTable().element


def symbols_of(atomnos):
    """Element symbols; ``X`` for ghost or dummy atoms (atomic number 0)."""
    table = _elements()
    return [
        table[int(z)] if 0 < int(z) < len(table) and table[int(z)] else "X"
        for z in atomnos
    ]


def hill_formula(symbols, empirical=False):
    """Hill order: C, then H, then the rest alphabetically; without C, all.
    ``empirical``: the counts divided by their greatest common divisor."""
    counts = {}
    for symbol in symbols:
        counts[symbol] = counts.get(symbol, 0) + 1
    if empirical and counts:
        divisor = math.gcd(*counts.values())
        counts = {symbol: count // divisor for symbol, count in counts.items()}
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


# cclib parsers (class names) that leave thermochemistry in eV, not hartree.
_THERMO_IN_EV = {"XTB"}
# cclib parsers of programs whose printed "enthalpy" and "free energy" are thermal corrections
# to the electronic energy, not totals (Q-Chem's "Total Enthalpy").
_THERMO_CORRECTIONS = {"QChem"}

_GAUSSIAN_MP4_PARTIAL = re.compile(r"^ #.*\bMP4\(?(SDQ|DQ)\)?", re.M | re.I)
_QCHEM_MP4SDQ = re.compile(r"^\s*method\s*=?\s*mp4sdq\b", re.M | re.I)


def _mp_labels(package, count, head):
    """Names of cclib's ``mpenergies`` columns, which are not always orders.

    Q-Chem's columns are MP2, MP3, MP4(SDQ), MP4; a Gaussian MP4(SDQ) or
    MP4(DQ) job ends with that partial MP4 instead of the full one.
    """
    labels = [f"mp{order}" for order in range(2, 2 + count)]
    if package == "QChem" and count == 4:
        labels = ["mp2", "mp3", "mp4sdq", "mp4"]
    elif package == "QChem" and count == 3 and _QCHEM_MP4SDQ.search(head):
        labels = ["mp2", "mp3", "mp4sdq"]
    elif package == "Gaussian" and count == 3:
        match = _GAUSSIAN_MP4_PARTIAL.search(head)
        if match:
            labels[2] = "mp4" + match.group(1).lower()
    return labels


def _is_total(value, scf):
    """A correlated total lies a little below the SCF energy; a correlation
    energy alone (ORCA's MP3 jobs) is near zero and is not one."""
    if value is None or scf is None:
        return value is not None
    return value <= scf and scf - value < 0.1 * abs(scf)


def energies(data, package=None, head=""):
    """Final energies and thermochemistry, all in hartree.

    Returns ``(energies, partial, thermochemistry)``: totals by method, the
    partial MP4 orders (MP4(SDQ), MP4(DQ)) apart from the full ones, and the
    thermochemical corrections with the conditions they hold for.
    """
    result, partial = {"unit": "hartree"}, {}
    if getattr(data, "scfenergies", None) is not None and len(data.scfenergies):
        # GAMESS prints an energy of exactly 0 when its SCF did not converge:
        # no energy was reached, and no molecule's SCF energy is 0.
        value = _to_hartree(data.scfenergies[-1])
        if value != 0:
            result["scf"] = value
    scf = result.get("scf")
    mp = getattr(data, "mpenergies", None)
    if mp is not None and len(mp):
        values = _last(mp)
        for label, value in zip(_mp_labels(package, len(values), head), values):
            value = _to_hartree(value)
            if _is_total(value, scf):
                (partial if label.endswith("dq") else result)[label] = value
    cc = getattr(data, "ccenergies", None)
    if cc is not None and len(cc):
        result["cc"] = _to_hartree(_last(cc)[-1])
    thermo = thermochemistry(data, package)
    for attribute, key in (("enthalpy", "enthalpy"), ("freeenergy", "free_energy")):
        value = _thermo_value(data, attribute, package)
        if value is None:
            continue
        if package in _THERMO_CORRECTIONS:
            thermo[f"{key}_correction"] = value
            value = None if scf is None else scf + value
        result[key] = value
    return result, partial, thermo


def final_energy(energies, partial):
    """``(value, method)`` of the highest level the output reached."""
    known = {**energies, **partial}
    for key in ("cc", "mp5", "mp4", "mp4sdq", "mp4dq", "mp3", "mp2", "scf"):
        if known.get(key) is not None:
            return known[key], key
    return None, None


def _thermo_value(data, attribute, package):
    value = getattr(data, attribute, None)
    if value is None:
        return None
    return _to_hartree(value) if package in _THERMO_IN_EV else finite(value)


def thermochemistry(data, package=None):
    """Temperature (K), pressure (atm), ZPVE (hartree), entropy (hartree/K)."""
    result = {}
    for attribute, key in (("temperature", "temperature"), ("pressure", "pressure")):
        if getattr(data, attribute, None) is not None:
            result[key] = finite(getattr(data, attribute))
    zpve = _thermo_value(data, "zpve", package)
    if zpve is not None:
        result["zpve"] = zpve
    if getattr(data, "entropy", None) is not None:
        result["entropy"] = finite(data.entropy)
    return result


def scf_fallback(data):
    """``(converged, evidence)`` from the last SCF's printed iterations.

    Used only when the program prints no convergence statement of its own.
    Programs do not print every criterion on every iteration (Gaussian's
    energy change is NaN on the final frequency step), so only printed
    values are compared.
    """
    targets, values = getattr(data, "scftargets", None), getattr(
        data, "scfvalues", None
    )
    if targets is None or values is None or not len(targets) or not len(values):
        return None, "no SCF iterations or targets found"
    target = numpy.asarray(targets[-1], dtype=float).ravel()
    last = _last(values[-1])
    if last is None or last.shape != target.shape:
        return None, "the SCF iterations could not be compared with the targets"
    known = numpy.isfinite(last) & numpy.isfinite(target)
    if not known.any():
        return None, "no SCF convergence value printed"
    converged = bool(numpy.all(numpy.abs(last[known]) <= target[known]))
    shown = ", ".join(f"{abs(v):.1e}" for v in last[known])
    limits = ", ".join(f"{t:.1e}" for t in target[known])
    return converged, f"last SCF iteration: {shown} against targets {limits}"


def optimisation_done(data):
    """Whether the optimisation converged; ``None`` when cclib cannot tell."""
    if not hasattr(data, "optdone"):
        return None  # not an optimisation, or cclib cannot tell
    optdone = data.optdone
    return bool(len(optdone)) if isinstance(optdone, (list, tuple)) else bool(optdone)


def real_frequencies(data):
    """Vibrational frequencies in cm-1 without translations and rotations.

    NWChem and xtb list all 3N modes, the six (five for a linear molecule)
    of zero frequency included; they are dropped here. ``None`` without a
    frequency calculation.
    """
    freqs = getattr(data, "vibfreqs", None)
    if freqs is None:
        return None
    freqs = numpy.asarray(freqs, dtype=float)
    natom = getattr(data, "natom", None)
    if natom and freqs.size == 3 * int(natom):
        zero = numpy.argsort(numpy.abs(freqs))[:6]
        zero = [i for i in zero if abs(freqs[i]) < 1.0]
        freqs = numpy.delete(freqs, zero)
    return freqs


def vibrations(freqs):
    """Number of modes and of imaginary ones (cclib gives them negative)."""
    if freqs is None:
        return None
    return {"count": int(freqs.size), "imaginary": int((freqs < 0).sum())}


def seconds(times):
    """Total of cclib's per-job timedeltas (multi-step jobs have several)."""
    if not times:
        return None
    return round(sum(t.total_seconds() for t in times), 3)


def xyz_text(name, symbols, coords, label="final geometry", reader="cclib"):
    """XYZ file text; the comment line names the source file and what it is."""
    lines = [str(len(symbols)), f"{name}: {label} (Angstrom) read by {reader}"]
    for symbol, (x, y, z) in zip(symbols, coords):
        x, y, z = x + 0.0, y + 0.0, z + 0.0  # print -0.0 as 0.0
        lines.append(f"{symbol:<2} {x:15.8f} {y:15.8f} {z:15.8f}")
    return "\n".join(lines) + "\n"
