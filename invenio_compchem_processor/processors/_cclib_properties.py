# SPDX-License-Identifier: MIT
"""Method and property fields that cclib reads and the summary reports.

Units follow the summary schema: energies in hartree, dipoles in debye,
excitation energies in eV (with the wavelength in nm), as spectroscopists
quote them.
"""

import re

import numpy

from ._cclib_fields import finite

# Dispersion corrections as each program's input names them, echoed in its
# output: (needle in the lower-cased text, regex, template of the name). The
# needle keeps the regexes off files that cannot match.
_DISPERSION = {
    "Gaussian": (
        "empiricaldispersion",
        re.compile(r"EmpiricalDispersion\s*=\s*\(?\s*(GD3BJ|GD3|GD2|PFD)", re.I),
        None,
    ),
    "Q-Chem": ("dft_d", re.compile(r"^\s*dft_d\s*=?\s*(\w+)", re.M | re.I), None),
    "NWChem": ("vdw", re.compile(r"^\s*disp\s+vdw\s+(\d)", re.M | re.I), "D{}"),
    "ORCA": (
        "> !",
        re.compile(r"^\|\s*\d+>\s*!.*?\b(D3ZERO|D3BJ|D4|D3|D2)\b", re.M | re.I),
        None,
    ),
    "Psi4": (
        "energy(",
        re.compile(
            r"(?:energy|optimize|gradient|frequenc\w*)\(\s*['\"][\w()]+-"
            r"(D3ZERO|D3BJ|D3MBJ|D4|D3|D2)['\"]",
            re.I,
        ),
        None,
    ),
}
_DISPERSION_NAMES = {
    "gd3": "D3(zero)",
    "d3": "D3(zero)",
    "d3zero": "D3(zero)",
    "d3_zero": "D3(zero)",
    "gd3bj": "D3(BJ)",
    "d3bj": "D3(BJ)",
    "d3_bj": "D3(BJ)",
    "d3mbj": "D3M(BJ)",
    "gd2": "D2",
    "d2": "D2",
    "empirical_grimme": "D2",
    "d4": "D4",
    "pfd": "PFD",
}


def _lines_with(text, lowered, needle, limit=50):
    """The lines of ``text`` holding ``needle`` (found in ``lowered``)."""
    position = lowered.find(needle)
    while position >= 0 and limit:
        start = text.rfind("\n", 0, position) + 1
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        yield text[start:end]
        position, limit = lowered.find(needle, end), limit - 1


def _dispersion_model(head, program):
    """The model the input names, looked for in ``program``'s own syntax
    (in every program's when the program is not one of them)."""
    syntaxes = (
        [_DISPERSION[program]] if program in _DISPERSION else _DISPERSION.values()
    )
    lowered = None
    for needle, pattern, template in syntaxes:
        if needle.lower() == needle.upper():  # no letters: ORCA's "> !"
            searched = head
        else:
            lowered = head.lower() if lowered is None else lowered
            searched = lowered
        for line in _lines_with(head, searched, needle):
            match = pattern.search(line)
            if match:
                raw = match.group(1)
                raw = template.format(raw) if template else raw
                return _DISPERSION_NAMES.get(raw.lower(), raw)
    return None


def _ev_to_hartree(value):
    from cclib.parser.utils import convertor

    value = finite(value)
    return None if value is None else convertor(value, "eV", "hartree")


# Functionals as ORCA's simple input names them; cclib 1.8 reads ORCA's
# keywords but not which of them is the functional.
_ORCA_FUNCTIONALS = {
    name.lower(): name
    for name in (
        "B3LYP", "PBE0", "PBE", "BP86", "BLYP", "TPSS", "TPSSh", "M06",
        "M06-2X", "M06L", "wB97X", "wB97X-D3", "wB97X-V", "wB97M-V",
        "CAM-B3LYP", "B2PLYP", "r2SCAN", "r2SCAN-3c", "B97-3c", "PBEh-3c",
        "revPBE", "PW91", "B97M-V", "SCAN", "TPSS0", "X3LYP", "O3LYP",
    )
}  # fmt: skip


def _functional(data):
    meta = data.metadata
    if meta.get("functional"):
        return meta["functional"]
    if meta.get("package") == "ORCA" and "DFT" in (meta.get("methods") or []):
        for keyword in meta.get("keywords") or []:
            if keyword.lower() in _ORCA_FUNCTIONALS:
                return _ORCA_FUNCTIONALS[keyword.lower()]
    return None


def method(data, head, program):
    """Functional, dispersion correction and solvent model, where given."""
    meta = data.metadata
    dispersion = None
    energies = getattr(data, "dispersionenergies", None)
    model = _dispersion_model(head, program)
    energy = None
    if energies is not None and len(energies):
        energy = _ev_to_hartree(energies[-1]) or None  # 0.0: none applied
    if model or energy:
        dispersion = {"model": model, "energy": energy}
    solvent = None
    if meta.get("solvent_model"):
        params = meta.get("solvent_params") or {}
        solvent = {
            "model": meta.get("solvent_model"),
            "name": meta.get("solvent_name"),
            "epsilon": finite(params["epsilon"]) if "epsilon" in params else None,
        }
    return {
        "functional": _functional(data),
        "dispersion": dispersion,
        "solvent": solvent,
    }


def orbitals(data):
    """HOMO and LUMO energies and their gap in hartree (both spins: the
    highest occupied and lowest virtual of either)."""
    moenergies, homos = getattr(data, "moenergies", None), getattr(data, "homos", None)
    if moenergies is None or homos is None or not len(homos):
        return None
    occupied, virtual = [], []
    for spin, homo in enumerate(homos[: len(moenergies)]):
        levels = numpy.asarray(moenergies[spin], dtype=float)
        homo = int(homo)
        if 0 <= homo < levels.size:
            occupied.append(levels[homo])
        if 0 <= homo + 1 < levels.size:
            virtual.append(levels[homo + 1])
    if not occupied:
        return None
    homo = _ev_to_hartree(max(occupied))
    lumo = _ev_to_hartree(min(virtual)) if virtual else None
    gap = None if lumo is None or homo is None else round(lumo - homo, 10)
    return {"homo": homo, "lumo": lumo, "gap": gap}


def dipole(data):
    """Dipole moment in debye: vector and magnitude (cclib gives debye)."""
    moments = getattr(data, "moments", None)
    if moments is None or len(moments) < 2:
        return None
    vector = [finite(v) + 0.0 for v in numpy.asarray(moments[1], dtype=float)]
    if any(v is None for v in vector):
        return None
    return {"vector": vector, "magnitude": float(numpy.linalg.norm(vector))}


def excited_states(data, listed=20):
    """Count, method, lowest and strongest states (eV, nm, oscillator)."""
    energies = getattr(data, "etenergies", None)
    if energies is None or not len(energies):
        return None
    from cclib.parser.utils import convertor

    ev = [convertor(float(e), "wavenumber", "eV") for e in energies]
    oscs = getattr(data, "etoscs", None)
    oscs = (
        [finite(f) for f in oscs] if oscs is not None and len(oscs) == len(ev) else None
    )

    def state(index):
        return {
            "number": index + 1,
            "energy": ev[index],
            "wavelength": 1e7 / float(energies[index]) if energies[index] > 0 else None,
            "oscillator_strength": oscs[index] if oscs else None,
        }

    strongest = None
    if oscs and any(f is not None for f in oscs):
        strongest = state(max(range(len(oscs)), key=lambda i: oscs[i] or 0.0))
    return {
        "count": len(ev),
        "method": data.metadata.get("excited_states_method"),
        "lowest": state(int(numpy.argmin(ev))),
        "strongest": strongest,
        "oscillator_strengths": oscs[:listed] if oscs else None,
    }


def symmetry(data):
    """Point group detected and used, as cclib reports them (lower case)."""
    meta = data.metadata
    detected, used = meta.get("symmetry_detected"), meta.get("symmetry_used")
    if not detected and not used:
        return None
    return {"detected": detected, "used": used}
