# SPDX-License-Identifier: MIT
"""One summary from files read together, saying which field came from which.

The groups are formed in :mod:`._grouping`. A joined summary keeps the
fields of its primary file's summary, adds ``sources``: every member file
(name, SHA-256, size, role) and, per field taken from a companion, that
file's name, so that a reader can check each value where it was printed.
"""

import re
from types import SimpleNamespace

from . import _verdicts
from ._cclib_fields import hill_formula, real_frequencies, vibrations
from ._cclib_reasons import ParseFailure
from ._grouping import hessian_atoms
from ._isolation import source_of

_SECTION = re.compile(r"^\$(\w+)\s*$", re.M)


def sources(members, fields, hashed=None):
    """The ``sources`` block: ``members`` as ``[(path, role)]``; ``fields``:
    per field taken from a companion, ``{"file": name}`` and maybe ``evidence``.
    ``hashed``: the ``source`` (name, SHA-256, size) of members already
    hashed while they were read, by path, so that no file is hashed twice."""
    hashed = hashed or {}
    files = [
        {**(hashed.get(path) or source_of(path)), "role": role}
        for path, role in members
    ]
    return {"files": files, "fields": dict(fields)}


def _sections(text):
    """``{name: [lines]}`` of an ORCA ``.hess`` file's ``$name`` sections."""
    found, marks = {}, list(_SECTION.finditer(text))
    for mark, after in zip(marks, marks[1:] + [None]):
        body = text[mark.end() : after.start() if after else None]
        found[mark.group(1)] = [line for line in body.splitlines() if line.strip()]
    return found


def read_hessian(path):
    """Atoms, frequencies (cm-1), multiplicity and energy (Eh) of an ORCA .hess."""
    with open(path, encoding="utf-8", errors="replace") as fp:
        text = fp.read()
    sections = _sections(text)
    atoms = hessian_atoms(text)
    try:
        rows = sections["vibrational_frequencies"]
        count = int(rows[0].split()[0])
        freqs = [float(row.split()[1]) for row in rows[1 : 1 + count]]
    except (KeyError, IndexError, ValueError):
        freqs = None
    energy = sections.get("act_energy", [None])[0]
    multiplicity = sections.get("multiplicity", [None])[0]
    scale = sections.get("frequency_scale_factor", ["1"])[0]
    return {
        "scale_factor": float(scale.split()[0]),
        "atoms": atoms,
        "frequencies": freqs,
        "energy": float(energy.split()[0]) if energy else None,
        "multiplicity": int(multiplicity.split()[0]) if multiplicity else None,
    }


def with_hessian(summary, output, hess):
    """``summary`` of an ORCA ``output`` completed from its ``.hess``.

    The frequencies (and their verdict) come from the ``.hess`` when the
    output gives none (ORCA 6 outputs, read by the ASE fallback); the
    zero-point energy and the multiplicity likewise. The atoms must be the
    output's, in its order.
    """
    data = read_hessian(hess)
    formula = hill_formula(data["atoms"]) if data["atoms"] else None
    if formula is None or formula != summary.get("formula"):
        raise ParseFailure(
            f"the ORCA Hessian {hess.name} lists other atoms ({formula}) than the "
            f"output {output.name} ({summary.get('formula')}): start one run per job"
        )
    fields = {}
    if summary.get("vibrations") is None and data["frequencies"]:
        import numpy

        freqs = real_frequencies(
            SimpleNamespace(
                vibfreqs=numpy.asarray(data["frequencies"]),
                natom=len(data["atoms"]),
            )
        )
        summary["vibrations"] = vibrations(freqs)
        summary["verdicts"]["frequencies"] = _verdicts.frequencies(freqs)
        if summary["verdicts"]["frequencies"] is not None:
            evidence = summary["verdicts"]["frequencies"]["evidence"]
            summary["verdicts"]["frequencies"]["evidence"] = f"{hess.name}: {evidence}"
        taken = {"file": hess.name}
        fields.update({"vibrations": taken, "verdicts.frequencies": taken})
    thermo = summary.setdefault("thermochemistry", {})
    if thermo.get("zpve") is None and data["frequencies"] and data["scale_factor"] == 1:
        thermo["zpve"], evidence = zero_point_energy(data["frequencies"])
        fields["thermochemistry.zpve"] = {"file": hess.name, "evidence": evidence}
    if summary.get("multiplicity") is None and data["multiplicity"]:
        summary["multiplicity"] = data["multiplicity"]
        fields["multiplicity"] = {"file": hess.name, "evidence": "$multiplicity"}
    members = [(output, "ORCA output"), (hess, "ORCA Hessian (.hess)")]
    summary["sources"] = sources(members, fields, {output: summary.get("source")})
    return summary


CM1_HARTREE = 1 / 219474.6313632  # CODATA 2018: one cm-1 in Eh


def zero_point_energy(frequencies):
    """``(ZPVE in Eh, evidence)``: half the sum of the real harmonic
    frequencies, by definition; entropy and enthalpy need a temperature and
    a model for the low modes, which a ``.hess`` does not fix."""
    real = [f for f in frequencies if f > 0]
    zpve = 0.5 * sum(real) * CM1_HARTREE
    evidence = f"$vibrational_frequencies: 1/2 sum of {len(real)} real frequencies (harmonic)"
    return zpve, evidence
