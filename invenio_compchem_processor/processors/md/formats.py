# SPDX-License-Identifier: MIT
"""What an MD file is, told by its content rather than by its extension.

Extensions lie in MD data: ``.top`` is a GROMACS topology or an old AMBER
parameter file, ``.nc`` is any NetCDF file, ``.dat``/``.data`` anything at
all. So every input is recognised from its first bytes; the extension only
breaks ties between text formats that have no signature (AMBER restarts).
A file that is none of these is reported as not an MD file, never guessed.
"""

import re
import struct
from dataclasses import dataclass
from pathlib import Path

HEAD_BYTES = 64 * 1024
"""How much of a file is read to recognise it."""

# Roles: what a file contributes to a simulation's summary.
TOPOLOGY = "topology"
TRAJECTORY = "trajectory"
ENERGIES = "energies"
PARAMETERS = "parameters"


@dataclass(frozen=True)
class Format:
    """A recognised MD format: its name, its role and how MDAnalysis reads it."""

    name: str
    role: str
    program: str
    mda_format: str = None
    """MDAnalysis format name (topology or trajectory); ``None``: not via MDAnalysis."""


TPR = Format("gromacs-tpr", TOPOLOGY, "GROMACS", "TPR")
GRO = Format("gromacs-gro", TOPOLOGY, "GROMACS", "GRO")
GROMACS_TOP = Format("gromacs-top", TOPOLOGY, "GROMACS", "ITP")
MDP = Format("gromacs-mdp", PARAMETERS, "GROMACS")
XTC = Format("gromacs-xtc", TRAJECTORY, "GROMACS", "XTC")
TRR = Format("gromacs-trr", TRAJECTORY, "GROMACS", "TRR")
TNG = Format("gromacs-tng", TRAJECTORY, "GROMACS", "TNG")
EDR = Format("gromacs-edr", ENERGIES, "GROMACS")
PRMTOP = Format("amber-prmtop", TOPOLOGY, "AMBER", "PARM7")
AMBER_RESTART = Format("amber-restart", TRAJECTORY, "AMBER", "INPCRD")
AMBER_NETCDF = Format("amber-netcdf", TRAJECTORY, "AMBER", "NCDF")
LAMMPS_DATA = Format("lammps-data", TOPOLOGY, "LAMMPS", "DATA")
LAMMPS_DUMP = Format("lammps-dump", TRAJECTORY, "LAMMPS", "LAMMPSDUMP")
PSF = Format("charmm-psf", TOPOLOGY, "CHARMM/NAMD", "PSF")
DCD = Format("dcd", TRAJECTORY, "CHARMM/NAMD", "DCD")

_XTC_MAGIC, _TRR_MAGIC, _EDR_MAGIC = 1995, 1993, -55555
# A TNG file opens with its GENERAL INFO block; after the block's header
# size, contents size, id (three 64-bit integers) and MD5 hash comes its name.
_TNG_NAME_AT, _TNG_FIRST_BLOCK = 40, b"GENERAL INFO\0"
_GROMACS_SECTION = re.compile(
    r"^\s*\[\s*(defaults|atomtypes|moleculetype|atoms|system|molecules)\s*\]",
    re.MULTILINE,
)
_MDP_KEY = re.compile(
    r"^\s*(integrator|nsteps|dt|tcoupl|pcoupl|coulombtype|ref[-_]t|tau[-_]t)\s*=",
    re.MULTILINE | re.IGNORECASE,
)
_LAMMPS_ATOMS = re.compile(r"^\s*\d+\s+atoms\s*$", re.MULTILINE)
_LAMMPS_BOX = re.compile(r"\sxlo\s+xhi\s*$", re.MULTILINE)
_AMBER_RESTART_EXTENSIONS = (".inpcrd", ".rst7", ".restrt", ".crd", ".rst")


def _xdr_int(head):
    return struct.unpack(">i", head[:4])[0] if len(head) >= 4 else None


def gromacs_version_of_tpr(head):
    """The GROMACS version a ``.tpr`` header names (``"2021.5"``), or ``None``.

    A TPR starts with an XDR string ``"VERSION <gromacs version>"``.
    """
    if len(head) < 8 or not head[8:16].startswith(b"VERSION "):
        return None
    length = struct.unpack(">i", head[4:8])[0]
    text = head[8 : 8 + max(0, min(length, 256))]
    return text.split(b"\0", 1)[0][len(b"VERSION ") :].decode("ascii", "replace")


def _binary_format(head):
    magic = _xdr_int(head)
    if magic == _XTC_MAGIC:
        return XTC
    if magic == _TRR_MAGIC:
        return TRR
    if magic == _EDR_MAGIC:
        return EDR
    if gromacs_version_of_tpr(head) is not None:
        return TPR
    if head[_TNG_NAME_AT : _TNG_NAME_AT + len(_TNG_FIRST_BLOCK)] == _TNG_FIRST_BLOCK:
        return TNG
    if head[4:8] == b"CORD" and head[:4] in (b"T\0\0\0", b"\0\0\0T"):
        return DCD
    if head[:4] in (b"CDF\x01", b"CDF\x02") or head[:8] == b"\x89HDF\r\n\x1a\n":
        # NetCDF is generic; AMBER's convention attribute is in the header.
        return AMBER_NETCDF if b"AMBER" in head else None
    return None


def _is_gro(lines):
    if len(lines) < 3:
        return False
    try:
        count = int(lines[1].strip())
    except ValueError:
        return False
    if count == 0:
        return len(lines[2].split()) in (3, 9)
    atom = lines[2]
    try:
        int(atom[:5])
        [float(atom[20 + 8 * i : 28 + 8 * i]) for i in range(3)]
    except ValueError:
        return False
    return True


def _is_amber_restart(lines, extension):
    if extension not in _AMBER_RESTART_EXTENSIONS or len(lines) < 3:
        return False
    fields = lines[1].split()
    return bool(fields) and fields[0].isdigit() and len(fields) <= 2


def _text_format(head, extension):
    text = head.decode("latin-1")
    if "\0" in text:
        return None
    lines = text.splitlines()
    first = lines[0].strip() if lines else ""
    if first.startswith("%VERSION") or "%FLAG POINTERS" in text:
        return PRMTOP
    if first.startswith("ITEM: TIMESTEP"):
        return LAMMPS_DUMP
    if first.split()[:1] == ["PSF"]:
        return PSF
    if _GROMACS_SECTION.search(text):
        return GROMACS_TOP
    if _LAMMPS_ATOMS.search(text) and _LAMMPS_BOX.search(text):
        return LAMMPS_DATA
    if len(_MDP_KEY.findall(text)) >= 2 and "gmx mdrun" not in text:
        return MDP  # an mdrun log repeats the parameters, after its banner
    if _is_gro(lines):
        return GRO
    if _is_amber_restart(lines, extension):
        return AMBER_RESTART
    return None


def recognise(path):
    """The :class:`Format` of ``path`` from its content, or ``None``."""
    path = Path(path)
    with open(path, "rb") as fp:
        head = fp.read(HEAD_BYTES)
    if not head:
        return None
    return _binary_format(head) or _text_format(head, path.suffix.lower())
