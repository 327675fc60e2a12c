# SPDX-License-Identifier: MIT
"""Reading periodic outputs into the fields of a periodic summary.

VASP (OUTCAR, vasprun.xml) and Quantum ESPRESSO (pw.x) are read with ASE;
ASE has no reader for CP2K's main output, so the fields the summary needs
(cell, atoms, final energy, and forces, stress and k-points where the output
prints them) are read from CP2K's own labelled lines.
Units are the periodic codes' own: eV, Angstrom, eV/Angstrom, GPa.
"""

import math
import re

import numpy

from ._cclib_fields import hill_formula
from ._isolation import read_first

PARAMETER_BYTES = 1024 * 1024
"""How much of the file the k-point and relaxation settings are looked for in."""

_HARTREE_EV = 27.211386245988  # CODATA 2018

# Looked for in the bytes of the file's start: the labels are ASCII.
_KPOINTS = {
    "vasp-out": re.compile(rb"NKPTS\s*=\s*(\d+)"),
    "vasp-xml": re.compile(rb"<varray name=\"kpointlist\"\s*>(.*?)</varray>", re.S),
    "espresso-out": re.compile(rb"number of k points=\s*(\d+)"),
    # CP2K lists the k-points of the SCF under this line, their number on it.
    "cp2k": re.compile(rb"BRILLOUIN\| List of Kpoints \[2 Pi/Bohr\]\s+(\d+)"),
}
_VASP_SETTINGS = {
    "vasp-out": {
        "IBRION": re.compile(rb"IBRION\s*=\s*(-?\d+)"),
        "NSW": re.compile(rb"NSW\s*=\s*(\d+)"),
        "EDIFFG": re.compile(rb"EDIFFG\s*=\s*(\S+)"),
        "NELM": re.compile(rb"NELM\s*=\s*(\d+)"),
    },
    "vasp-xml": {
        key: re.compile(rb'name="%s">\s*(\S+?)\s*<' % key.encode())
        for key in ("IBRION", "NSW", "EDIFFG", "NELM")
    },
}
# CP2K prints a cell vector's components to 3 decimals and its length, from
# the full-precision vector, to 6 (CP2K 8 on): the length is kept.
_CP2K_CELL = re.compile(
    r"CELL\| Vector [abc] \[angstrom\]:\s+(\S+)\s+(\S+)\s+(\S+)\s+\|[abc]\| =\s+(\S+)"
)
_CP2K_ENERGY = re.compile(
    r"ENERGY\| Total FORCE_EVAL \( \w+ \) energy \[?\(?(?:a\.u\.|hartree)\)?\]?:?\s+(\S+)"
)
# Forces in hartree/bohr: the table of CP2K up to 2024 ("ATOMIC FORCES in
# [a.u.]", rows "atom kind element x y z") and the FORCES| lines of 2025 on.
_CP2K_FORCES = (
    re.compile(
        r"ATOMIC FORCES in \[a\.u\.\]\s*\n\s*\n\s*# Atom.*\n"
        r"((?:\s+\d+\s+\d+\s+[A-Za-z]+(?:\s+-?\d+\.\d+(?:[Ee][-+]?\d+)?){3}\s*\n)+)"
    ),
    re.compile(
        r"FORCES\| Atomic forces \[hartree/bohr\]\s*\n(?:\s*\n)?\s*FORCES\|\s+Atom.*\n"
        r"((?:\s*FORCES\|\s+\d+(?:\s+-?\d+\.\d+(?:[Ee][-+]?\d+)?){4}\s*\n)+)"
    ),
)
_NUMBER = r"-?\d+\.\d+(?:[Ee][-+]?\d+)?"
# Stress in GPa: the STRESS| lines of recent CP2K and the "STRESS TENSOR
# [GPa]" table (rows "X xx xy xz") of CP2K 6 and 7.
_CP2K_STRESS = (
    re.compile(
        r"STRESS\| (?:Analytical|Numerical) stress tensor \[GPa\]\s*\n.*\n"
        rf"((?:\s*STRESS\|\s+[xyz](?:\s+{_NUMBER}){{3}}\s*\n){{3}})"
    ),
    re.compile(
        r"^ STRESS TENSOR \[GPa\]\s*\n\s*\n\s*X\s+Y\s+Z\s*\n"
        rf"((?:\s*[XYZ](?:\s+{_NUMBER}){{3}}\s*\n){{3}})",
        re.M,
    ),
)
_BOHR_ANGSTROM = 0.529177210903  # CODATA 2018
_CP2K_COORDINATES = re.compile(
    r"ATOMIC COORDINATES IN (?i:angstrom)\s*\n\s*\n\s*Atom\s+Kind\s+Element.*?\n(?:[ \t]*\n)?"
    r"((?:\s+\d+\s+\d+\s+[A-Z][a-z]?\s+\d+(?:\s+-?\d+\.\d+){5}\s*\n)+)"
)

# A step of a geometry optimisation (CP2K 2024 on, and before) or of MD: the
# coordinates printed before it are not those the run ended with.
_CP2K_STEP = re.compile(r"^ (?:OPT\| Step number|OPTIMIZATION STEP:|STEP NUMBER\s+=)", re.M)


def read_start(path):
    """The first :data:`PARAMETER_BYTES` of ``path``, read once for its
    format, k-points and relaxation settings; empty when it cannot be read
    (then no format is recognised)."""
    return read_first(path, PARAMETER_BYTES)


def kpoints(start, reader):
    """Number of irreducible k-points, where the output prints it
    (``start``: the file's first bytes)."""
    pattern = _KPOINTS.get(reader)
    if pattern is None:
        return None
    match = pattern.search(start)
    if not match:
        return None
    if reader == "vasp-xml":
        return match.group(1).count(b"<v>")
    return int(match.group(1))


def vasp_settings(start, reader):
    """IBRION, NSW, EDIFFG and NELM as VASP echoes them (relaxation or not,
    electronic steps allowed), from the file's first bytes."""
    settings = {}
    for key, pattern in _VASP_SETTINGS.get(reader, {}).items():
        match = pattern.search(start)
        if match:
            try:
                settings[key] = float(match.group(1))
            except ValueError:
                pass
    return settings


def read_images(path, reader):
    """All ionic steps of ``path`` as ASE ``Atoms``, by the reader its
    format names: ASE's, or this module's for CP2K (the last step only)."""
    return read_cp2k(path) if reader == "cp2k" else read_ase(path, reader)


def read_ase(path, reader):
    """All ionic steps of ``path`` as ASE ``Atoms`` with their results."""
    import warnings

    import ase.io

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ase.io.read(str(path), format=reader, index=":")


def read_cp2k(path):
    """The last cell, atoms and energy of a CP2K output, as ASE ``Atoms``."""
    from ase import Atoms
    from ase.calculators.singlepoint import SinglePointCalculator

    with open(path, encoding="utf-8", errors="replace") as fp:
        text = fp.read()
    cells = _CP2K_CELL.findall(text)
    blocks = list(_CP2K_COORDINATES.finditer(text))
    if len(cells) < 3 or not blocks:
        raise ValueError("no cell or atomic coordinates printed")
    later_step = _CP2K_STEP.search(text, blocks[-1].end())
    rows = numpy.array(cells[-3:], dtype=float)
    cell = rows[:, :3] * (rows[:, 3] / numpy.linalg.norm(rows[:, :3], axis=1))[:, None]
    rows = [line.split() for line in blocks[-1].group(1).strip().splitlines()]
    atoms = Atoms(
        symbols=[row[2] for row in rows],
        positions=[[float(v) for v in row[4:7]] for row in rows],
        cell=cell,
        pbc=True,
    )
    results = {}
    energies = _CP2K_ENERGY.findall(text)
    if energies:
        results["energy"] = float(energies[-1]) * _HARTREE_EV
    forces = _cp2k_forces(text, len(atoms))
    if forces is not None:
        results["forces"] = forces * _HARTREE_EV / _BOHR_ANGSTROM
    stress = _last_block(_CP2K_STRESS, text)
    if stress is not None:
        from ase.units import GPa

        rows = [line.split()[-3:] for line in stress.strip().splitlines()]
        # CP2K prints compression as positive: ASE's sign is the opposite.
        results["stress"] = -numpy.array(rows, dtype=float) * GPa
    if results:
        atoms.calc = SinglePointCalculator(atoms, **results)
    if later_step:
        line = text.count("\n", 0, later_step.start()) + 1
        atoms.info["not_final"] = (
            f"line {line}: the run moved the atoms after the last coordinates "
            "it printed (CP2K writes its trajectory to a file of its own)"
        )
    return [atoms]


def _last_block(patterns, text):
    """The rows of the last block any of ``patterns`` finds in ``text``."""
    last, position = None, -1
    for pattern in patterns:
        for match in pattern.finditer(text):
            if match.start() > position:
                last, position = match.group(1), match.start()
    return last


def _cp2k_forces(text, natom):
    """The last force table of either layout, as an (N, 3) array in Ha/bohr."""
    last = _last_block(_CP2K_FORCES, text)
    if last is None:
        return None
    rows = [line.split()[-4:-1] if "FORCES|" in line else line.split()[3:6]
            for line in last.strip().splitlines()]
    forces = numpy.array(rows, dtype=float)
    return forces if forces.shape == (natom, 3) else None


def structure_fields(atoms):
    """Cell, composition and volume of the final structure."""
    symbols = atoms.get_chemical_symbols()
    vectors = [[float(v) + 0.0 for v in row] for row in atoms.cell.array.tolist()]
    lengths = [math.sqrt(sum(v * v for v in row)) for row in vectors]
    return {
        "natom": len(atoms),
        "formula": hill_formula(symbols),
        "reduced_formula": hill_formula(symbols, empirical=True),
        "cell": {
            "vectors": vectors,
            "lengths": lengths,
            "angles": _angles(vectors, lengths),
            "volume": abs(_triple_product(vectors)) if all(lengths) else None,
            "pbc": [bool(v) for v in atoms.pbc],
        },
    }


def _angles(vectors, lengths):
    """Alpha (b, c), beta (a, c) and gamma (a, b) in degrees; 90 where a
    vector is zero, as for a slab's or a molecule's missing axis."""
    angles = []
    for j, k in ((1, 2), (0, 2), (0, 1)):
        product = lengths[j] * lengths[k]
        if product <= 1e-16:
            angles.append(90.0)
            continue
        cosine = sum(a * b for a, b in zip(vectors[j], vectors[k])) / product
        angles.append(math.degrees(math.acos(min(1.0, max(-1.0, cosine)))))
    return angles


def _triple_product(vectors):
    """``a . (b x c)``: the cell's signed volume."""
    (a1, a2, a3), (b1, b2, b3), (c1, c2, c3) = vectors
    return a1 * (b2 * c3 - b3 * c2) - a2 * (b1 * c3 - b3 * c1) + a3 * (b1 * c2 - b2 * c1)


def result_fields(atoms):
    """Energy (eV), largest force (eV/Angstrom) and stress (GPa) of a step."""
    from ase.units import GPa

    results = atoms.calc.results if atoms.calc is not None else {}
    fields = {"energy": None, "free_energy": None, "max_force": None, "stress": None}
    if "energy" in results:
        fields["energy"] = float(results["energy"])
    if "free_energy" in results:
        fields["free_energy"] = float(results["free_energy"])
    if results.get("forces") is not None:
        forces = numpy.asarray(results["forces"], dtype=float)
        if forces.size:
            fields["max_force"] = float(numpy.linalg.norm(forces, axis=1).max())
    if results.get("stress") is not None:
        voigt = numpy.asarray(results["stress"], dtype=float).ravel() / GPa
        if voigt.size == 9:
            voigt = voigt.reshape(3, 3)[[0, 1, 2, 1, 0, 0], [0, 1, 2, 2, 2, 1]]
        fields["stress"] = {
            "voigt": [float(v) for v in voigt],
            "pressure": float(-voigt[:3].mean()),
        }
    return fields
