# SPDX-License-Identifier: MIT
"""Reading periodic outputs into the fields of a periodic summary.

VASP (OUTCAR, vasprun.xml) and Quantum ESPRESSO (pw.x) are read with ASE;
ASE has no reader for CP2K's main output, so the few fields the summary
needs (cell, atoms, final energy) are read from CP2K's own labelled lines.
Units are the periodic codes' own: eV, Angstrom, eV/Angstrom, GPa.
"""

import re

import numpy

PARAMETER_BYTES = 1024 * 1024
"""How much of the file the k-point and relaxation settings are looked for in."""

_HARTREE_EV = 27.211386245988  # CODATA 2018

_KPOINTS = {
    "vasp-out": re.compile(r"NKPTS\s*=\s*(\d+)"),
    "vasp-xml": re.compile(r"<varray name=\"kpointlist\"\s*>(.*?)</varray>", re.S),
    "espresso-out": re.compile(r"number of k points=\s*(\d+)"),
}
_VASP_SETTINGS = {
    "vasp-out": {
        "IBRION": re.compile(r"IBRION\s*=\s*(-?\d+)"),
        "NSW": re.compile(r"NSW\s*=\s*(\d+)"),
        "EDIFFG": re.compile(r"EDIFFG\s*=\s*(\S+)"),
    },
    "vasp-xml": {
        key: re.compile(rf"name=\"{key}\">\s*(\S+?)\s*<")
        for key in ("IBRION", "NSW", "EDIFFG")
    },
}
_CP2K_CELL = re.compile(r"CELL\| Vector [abc] \[angstrom\]:\s+(\S+)\s+(\S+)\s+(\S+)")
_CP2K_ENERGY = re.compile(
    r"ENERGY\| Total FORCE_EVAL \( \w+ \) energy \[?\(?a\.u\.\)?\]?:\s+(\S+)"
)
_CP2K_COORDINATES = re.compile(
    r"ATOMIC COORDINATES IN angstrom\s*\n\s*\n\s*Atom\s+Kind\s+Element.*?\n\s*\n"
    r"((?:\s+\d+\s+\d+\s+[A-Z][a-z]?\s+\d+(?:\s+-?\d+\.\d+){5}\s*\n)+)"
)


def _head(path, size):
    with open(path, "rb") as fp:
        return fp.read(size).decode("utf-8", errors="replace")


def kpoints(path, reader):
    """Number of irreducible k-points, where the output prints it."""
    pattern = _KPOINTS.get(reader)
    if pattern is None:
        return None
    match = pattern.search(_head(path, PARAMETER_BYTES))
    if not match:
        return None
    if reader == "vasp-xml":
        return len(re.findall(r"<v>", match.group(1)))
    return int(match.group(1))


def vasp_settings(path, reader):
    """IBRION, NSW and EDIFFG as VASP echoes them (relaxation or not)."""
    head = _head(path, PARAMETER_BYTES)
    settings = {}
    for key, pattern in _VASP_SETTINGS.get(reader, {}).items():
        match = pattern.search(head)
        if match:
            try:
                settings[key] = float(match.group(1))
            except ValueError:
                pass
    return settings


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
    blocks = _CP2K_COORDINATES.findall(text)
    if len(cells) < 3 or not blocks:
        raise ValueError("no cell or atomic coordinates printed")
    cell = numpy.array(cells[-3:], dtype=float)
    rows = [line.split() for line in blocks[-1].strip().splitlines()]
    atoms = Atoms(
        symbols=[row[2] for row in rows],
        positions=[[float(v) for v in row[4:7]] for row in rows],
        cell=cell,
        pbc=True,
    )
    energies = _CP2K_ENERGY.findall(text)
    if energies:
        energy = float(energies[-1]) * _HARTREE_EV
        atoms.calc = SinglePointCalculator(atoms, energy=energy)
    return [atoms]


def structure_fields(atoms):
    """Cell, composition and volume of the final structure."""
    cell = atoms.cell
    return {
        "natom": len(atoms),
        "formula": atoms.get_chemical_formula(mode="hill"),
        "reduced_formula": atoms.get_chemical_formula(mode="hill", empirical=True),
        "cell": {
            "vectors": [[float(v) + 0.0 for v in row] for row in cell.array],
            "lengths": [float(v) for v in cell.lengths()],
            "angles": [float(v) for v in cell.angles()],
            "volume": float(abs(cell.volume)) if cell.rank == 3 else None,
            "pbc": [bool(v) for v in atoms.pbc],
        },
    }


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
