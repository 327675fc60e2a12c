# SPDX-License-Identifier: MIT
"""What a simulated system is made of: atoms, molecules by kind, charge, box.

Residue names decide the kind of a molecule (water, ion, protein, nucleic
acid, lipid, other = ligand); molecules are GROMACS's ``molnums`` where the
topology has them, bonded fragments where it has bonds, and residues
otherwise (then chains are not counted). Lengths are in nm, angles in
degrees, charge in elementary charges.
"""

from collections import Counter

import numpy

ANGSTROM_PER_NM = 10.0

WATER = frozenset(
    "SOL WAT HOH H2O TIP3 TIP4 TIP5 TP3 T3P T4P T4E T5P SPC SPCE OPC OPC3 TIP3P "
    "TIP4P SWM4 WATER".split()
)
IONS = frozenset(
    "NA NA+ SOD CL CL- CLA K K+ POT MG MG2 MG2+ CA CA2+ CAL ZN ZN2 ZN2+ LI LI+ "
    "RB CS CES F BR I IOD NIO CIO".split()
)
PROTEIN = frozenset(
    "ALA ARG ASN ASP CYS GLN GLU GLY HIS ILE LEU LYS MET PHE PRO SER THR TRP "
    "TYR VAL HID HIE HIP HSD HSE HSP HISA HISB HISH HISD HISE CYX CYM ASH GLH "
    "LYN ACE NME NH2 NAC".split()
)
NUCLEIC = frozenset("DA DC DG DT DU A C G U RA RC RG RU DA5 DA3 DT5 DT3".split())
LIPIDS = frozenset("POPC POPE POPG POPS DPPC DMPC DOPC DOPE CHOL CHL1 DLPC".split())
KINDS = ("protein", "nucleic", "lipid", "water", "ion", "other")

NET_CHARGE_TOLERANCE = 1e-3
"""Largest absolute total charge (e) still called neutral: float rounding."""


def residue_kind(name):
    """The kind of molecule a residue name belongs to (one of :data:`KINDS`)."""
    name = (name or "").upper()
    for kind, names in (
        ("water", WATER),
        ("ion", IONS),
        ("protein", PROTEIN),
        ("nucleic", NUCLEIC),
        ("lipid", LIPIDS),
    ):
        if name in names:
            return kind
    return "other"


def _attribute(group, name):
    try:
        return getattr(group, name)
    except Exception:  # MDAnalysis raises NoDataError, an AttributeError
        return None


def _molecule_ids(universe):
    """Per atom, the id of its molecule, and how molecules were told apart."""
    molnums = _attribute(universe.atoms, "molnums")
    if molnums is not None:
        return numpy.asarray(molnums), "topology molecules"
    bonds = _attribute(universe.atoms, "bonds")
    if bonds is not None and len(bonds):
        ids = numpy.empty(universe.atoms.n_atoms, dtype=numpy.int64)
        for number, fragment in enumerate(universe.atoms.fragments):
            ids[fragment.ix] = number
        return ids, "bonded fragments"
    return numpy.asarray(universe.atoms.resindices), "residues"


def molecules_by_kind(universe):
    """``(counts by kind, molecule types, method)`` of a Universe."""
    resnames = _attribute(universe.atoms, "resnames")
    ids, method = _molecule_ids(universe)
    if resnames is None:
        return None, None, method
    kinds = numpy.array([residue_kind(n) for n in resnames])
    counts = {}
    for kind in KINDS:
        mask = kinds == kind
        counts[kind] = int(len(numpy.unique(ids[mask]))) if mask.any() else 0
    if method == "residues":
        # One residue per molecule holds for water and ions only.
        for kind in ("protein", "nucleic", "lipid", "other"):
            counts[kind] = None if counts[kind] else 0
    types = None
    moltypes = _attribute(universe.atoms, "moltypes")
    if moltypes is not None:
        first = {}
        for molnum, moltype, kind in zip(ids, moltypes, kinds):
            first.setdefault(molnum, (str(moltype), kind))
        per_type = Counter(first.values())
        atoms = Counter(str(t) for t in moltypes)
        types = [
            {
                "name": name,
                "kind": kind,
                "count": count,
                "atoms_per_molecule": atoms[name] // count,
            }
            for (name, kind), count in per_type.items()
        ]
    return counts, types, method


def box_section(dimensions):
    """Box lengths (nm), angles (degrees) and shape from MDAnalysis dimensions (Å)."""
    if dimensions is None:
        return None
    dims = [float(d) for d in dimensions]
    lengths = [round(d / ANGSTROM_PER_NM, 6) for d in dims[:3]]
    angles = [round(a, 4) for a in dims[3:]]
    if not all(l > 0 for l in lengths):
        return None
    if all(abs(a - 90) < 1e-3 for a in angles):
        shape = "cubic" if max(lengths) - min(lengths) < 1e-5 else "rectangular"
    else:
        shape = "triclinic"
    volume = _volume(lengths, angles)
    return {
        "lengths_nm": lengths,
        "angles_deg": angles,
        "shape": shape,
        "volume_nm3": round(volume, 6),
    }


def _volume(lengths, angles):
    a, b, c = lengths
    ca, cb, cg = (numpy.cos(numpy.radians(x)) for x in angles)
    return float(a * b * c * numpy.sqrt(1 - ca**2 - cb**2 - cg**2 + 2 * ca * cb * cg))


def charge_section(universe):
    """Total charge (e) and whether it is neutral, or ``None`` without charges."""
    charges = _attribute(universe.atoms, "charges")
    if charges is None:
        return None
    total = float(numpy.sum(numpy.asarray(charges, dtype=numpy.float64)))
    return {
        "total_e": round(total, 4),
        "neutral": abs(total) <= NET_CHARGE_TOLERANCE,
    }


def system_section(universe, periodic=None):
    """The summary's ``system`` section of a Universe."""
    counts, types, method = molecules_by_kind(universe)
    try:
        box = box_section(universe.dimensions)
    except AttributeError:  # a topology without coordinates (PSF, prmtop alone)
        box = None
    resnames = _attribute(universe.residues, "resnames")
    return {
        "atoms": int(universe.atoms.n_atoms),
        "residues": int(universe.residues.n_residues) if resnames is not None else None,
        "molecules": counts,
        "molecules_counted_by": method,
        "molecule_types": types,
        "charge": charge_section(universe),
        "box": box,
        "periodic": periodic if periodic is not None else box is not None,
    }
