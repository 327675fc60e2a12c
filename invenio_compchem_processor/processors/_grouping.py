# SPDX-License-Identifier: MIT
"""Which inputs of a run belong together, told by their content.

A run's inputs arrive under neutral names (``input-1.out``, ``input-2.hess``,
``input-3``: the engines never pass the depositor's file names on), so files
are grouped by what they are, not what they are called:

* an ORCA Hessian (``$orca_hessian_file``) joins the ORCA output whose atoms
  it lists, in the same order; among several, the one whose final energy is
  the ``.hess``'s ``$act_energy``, else the one of the same stem; a ``.hess``
  with no such output is refused with a reason;
* the TURBOMOLE outputs of a run and its data-group files (``control``,
  ``coord``, ``energy``: files that start with ``$``) are ONE job folder,
  read together; the ``control`` file gives the multiplicity;
* one VASP OUTCAR and one vasprun.xml in a run are the same calculation (the
  reader checks that their structures agree); with several of either, an
  OUTCAR joins the one vasprun.xml of the same number of ions and the same
  last energy without entropy (printed to 10^-8 eV in both).

Any other input is a group of its own.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from ._programs import identify, read_head

ORCA_OUTPUT = "ORCA output"
ORCA_HESSIAN = "ORCA Hessian (.hess)"
TURBOMOLE_OUTPUT = "TURBOMOLE output"
TURBOMOLE_CONTROL = "TURBOMOLE control file"
TURBOMOLE_DATA = "TURBOMOLE data group"
VASP_OUTCAR = "VASP OUTCAR"
VASP_XML = "VASP vasprun.xml"

HESSIAN_ALONE = (
    "an ORCA Hessian (.hess) is summarised with the output of its job: add the "
    "ORCA output that lists the same atoms to the run"
)
HESSIAN_AMBIGUOUS = (
    "this ORCA Hessian (.hess) fits several ORCA outputs of the run ({names}): "
    "start one run per job"
)
DATA_GROUP_ALONE = (
    "a TURBOMOLE data group file (control, coord, energy, ...) is read with the "
    "job's program outputs: add them (dscf, ridft, ricc2, ... outputs) to the run"
)
FOLDERS_MIXED = (
    "the run holds more than one TURBOMOLE control file: start one run per job "
    "folder so that each output is read with its own control file"
)

_ORCA_ATOMS = re.compile(
    r"CARTESIAN COORDINATES \(ANGSTROEM\)\s*\n-+\s*\n((?:\s*[A-Za-z]{1,2}\s+\S+\s+\S+\s+\S+\s*\n)+)"
)
_HESS_ENERGY = re.compile(r"^\$act_energy\s*\n\s*(\S+)", re.M)
_ORCA_ENERGY = re.compile(r"^FINAL SINGLE POINT ENERGY\s+(\S+)", re.M)
# A data group starts at the first column; GAMESS input groups (`` $contrl``)
# are indented.
_DATA_GROUP = re.compile(r"\A(?:[ \t]*\n)*\$[a-z]")
_CONTROL_KEYS = ("$closed shells", "$alpha shells", "$atoms", "$uhf", "$scfmo")


@dataclass
class Group:
    """Files read together: the one the summary is named after, and the rest."""

    primary: Path
    reader: object
    """Called in the child process as ``reader(*args)``."""
    args: tuple
    companions: dict = field(default_factory=dict)
    """Role of every other member, by path."""

    def members(self):
        """All member paths, in name order."""
        return sorted([self.primary, *self.companions])


def single(path, reader):
    """The group of a file read on its own."""
    return Group(path, reader, (path,))


def _stem(path):
    return path.name.split(".", 1)[0]


def hessian_atoms(head):
    """Element symbols listed in an ORCA ``.hess`` (``$atoms``), or ``None``."""
    lines = head.splitlines()
    try:
        start = lines.index("$atoms")
        count = int(lines[start + 1].split()[0])
        return [line.split()[0].capitalize() for line in lines[start + 2 : start + 2 + count]]
    except (ValueError, IndexError):
        return None


def orca_atoms(head):
    """Element symbols of the first geometry an ORCA output prints."""
    match = _ORCA_ATOMS.search(head)
    if not match:
        return None
    return [line.split()[0].capitalize() for line in match.group(1).strip().splitlines()]


def _classify(path):
    head = read_head(path)
    if head.lstrip().startswith("$orca_hessian_file"):
        return ORCA_HESSIAN, head
    if _DATA_GROUP.match(head):
        control = "$end" in head and any(key in head for key in _CONTROL_KEYS)
        return (TURBOMOLE_CONTROL if control else TURBOMOLE_DATA), head
    program = identify(head)[0]
    if program == "ORCA":
        return ORCA_OUTPUT, read_head(path, 1024 * 1024)
    if program == "TURBOMOLE":
        return TURBOMOLE_OUTPUT, head
    return None, head


def _last_energy(path, pattern):
    """The last value ``pattern`` captures in a file, as a float, or ``None``."""
    with open(path, encoding="utf-8", errors="replace") as fp:
        found = pattern.findall(fp.read())
    try:
        return float(found[-1]) if found else None
    except ValueError:
        return None


def _same_energy(hess, output):
    act = _last_energy(hess, _HESS_ENERGY)
    final = _last_energy(output, _ORCA_ENERGY)
    return act is not None and final is not None and abs(act - final) < 1e-5


def _pair_hessians(hessians, outputs):
    """``{hess: output}`` by element sequence; the energy, then the stem, break ties."""
    pairs, taken = {}, set()
    for hess, atoms in hessians.items():
        candidates = [o for o, a in outputs.items() if atoms and a == atoms]
        candidates = [o for o in candidates if o not in taken]
        if len(candidates) > 1:
            candidates = [o for o in candidates if _same_energy(hess, o)] or candidates
        if len(candidates) > 1:
            same_stem = [o for o in candidates if _stem(o) == _stem(hess)]
            candidates = same_stem if len(same_stem) == 1 else candidates
        if len(candidates) == 1:
            pairs[hess] = candidates[0]
            taken.add(candidates[0])
        elif candidates:
            names = ", ".join(o.name for o in candidates)
            pairs[hess] = HESSIAN_AMBIGUOUS.format(names=names)
    return pairs


def qm_groups(inputs, read_one, read_with_hessian, read_turbomole):
    """``(groups, refused)`` of a quantum-chemistry run's inputs."""
    kinds = {}
    hessians, orca_outputs = {}, {}
    for path in inputs:
        kind, head = _classify(path)
        kinds[path] = kind
        if kind == ORCA_HESSIAN:
            hessians[path] = hessian_atoms(head)
        elif kind == ORCA_OUTPUT:
            orca_outputs[path] = orca_atoms(head)
    groups, refused, grouped = [], {}, set()
    for hess, output in _pair_hessians(hessians, orca_outputs).items():
        if isinstance(output, str):
            refused[hess] = output
            continue
        groups.append(
            Group(output, read_with_hessian, (output, hess), {hess: ORCA_HESSIAN})
        )
        grouped.update((hess, output))
    refused.update({h: HESSIAN_ALONE for h in hessians if h not in grouped | set(refused)})
    grouped.update(hessians)

    outputs = [p for p in inputs if kinds[p] == TURBOMOLE_OUTPUT]
    controls = [p for p in inputs if kinds[p] == TURBOMOLE_CONTROL]
    data = [p for p in inputs if kinds[p] in (TURBOMOLE_CONTROL, TURBOMOLE_DATA)]
    if outputs and len(controls) <= 1:
        primary, others = outputs[0], outputs[1:]
        companions = {p: TURBOMOLE_OUTPUT for p in others}
        companions.update({p: kinds[p] for p in data})
        reader_args = (primary, companions)
        groups.append(Group(primary, read_turbomole, reader_args, companions))
        grouped.update(outputs + data)
    elif data:
        reason = FOLDERS_MIXED if outputs else DATA_GROUP_ALONE
        refused.update({p: reason for p in data})
        grouped.update(data)
    groups += [single(p, read_one) for p in inputs if p not in grouped]
    return sorted(groups, key=lambda g: g.primary.name), refused


_VASP_IONS = {
    "vasp-out": re.compile(r"NIONS =\s*(\d+)"),
    "vasp-xml": re.compile(r"<atoms>\s*(\d+)\s*</atoms>"),
}
_VASP_ENERGY = {
    "vasp-out": re.compile(r"energy\s+without entropy=\s*(-?\d+\.\d+)"),
    "vasp-xml": re.compile(r"<i name=\"e_wo_entrp\">\s*(-?\d+\.\d+)"),
}
_TAIL_BYTES = 1024 * 1024


def _vasp_key(path, reader):
    """``(ions, last energy without entropy)`` of a VASP file, or ``None``."""
    ions = _VASP_IONS[reader].search(read_head(path, 64 * 1024))
    with open(path, "rb") as fp:
        fp.seek(max(0, path.stat().st_size - _TAIL_BYTES))
        energies = _VASP_ENERGY[reader].findall(fp.read().decode("utf-8", "replace"))
    if not ions or not energies:
        return None
    return int(ions.group(1)), float(energies[-1])


def _pair_vasp(outcars, xmls):
    """``{outcar: vasprun.xml}``: the one of the same ions and last energy."""
    if len(outcars) == 1 and len(xmls) == 1:
        return {outcars[0]: xmls[0]}  # the reader checks that they agree
    keys = {p: _vasp_key(p, "vasp-xml") for p in xmls}
    pairs = {}
    for outcar in outcars:
        key = _vasp_key(outcar, "vasp-out")
        same = [
            x for x, k in keys.items()
            if key and k and k[0] == key[0] and abs(k[1] - key[1]) < 1e-6
        ]  # fmt: skip
        if len(same) == 1 and same[0] not in pairs.values():
            pairs[outcar] = same[0]
    return pairs


def vasp_groups(inputs, formats, read_one, read_pair):
    """``(groups, refused)`` of a periodic run's inputs; ``formats`` by path."""
    outcars = [p for p in inputs if getattr(formats.get(p), "reader", None) == "vasp-out"]
    xmls = [p for p in inputs if getattr(formats.get(p), "reader", None) == "vasp-xml"]
    groups, grouped = [], set()
    for outcar, xml in _pair_vasp(outcars, xmls).items():
        groups.append(Group(outcar, read_pair, (outcar, xml), {xml: VASP_XML}))
        grouped.update((outcar, xml))
    groups += [single(p, read_one) for p in inputs if p not in grouped]
    return sorted(groups, key=lambda g: g.primary.name), {}
