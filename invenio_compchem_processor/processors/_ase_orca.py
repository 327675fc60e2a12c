# SPDX-License-Identifier: MIT
"""Fallback reader for the ORCA outputs cclib 1.8 cannot parse (ORCA 6).

Chosen by measurement: cclib 1.8.1 raises on all 27 ORCA 6.0/6.1 outputs of
its own regression data, while ASE 3.29's ``orca-output`` reader returns the
atoms and the final single-point energy of every one of them (see
``docs/processors.rst``). ASE reads less than cclib, so the summary says
which reader produced it. Charge, multiplicity and the thermochemistry come
from ORCA's own lines, found in the evidence scan's pass over the file
(:data:`LINES`): its echo of the settings and its ``THERMOCHEMISTRY AT``
block.
"""

from ._evidence import compiled

READER_FORMAT = "orca-output"

_NUMBER = r"(-?\d+\.\d+)"
_SETTING = r"^\s*{}\s+{}\s+\.\.\.\.\s+(-?\d+)"
_THERMO = r"^{}\s+\.\.\.\s+" + _NUMBER + " {}"
LINES = compiled(
    {
        "charge": [("Total Charge", _SETTING.format("Total Charge", "Charge"))],
        "multiplicity": [("Multiplicity", _SETTING.format("Multiplicity", "Mult"))],
        "thermo_block": [("THERMOCHEMISTRY AT", r"^THERMOCHEMISTRY AT")],
    }
) + compiled(
    {
        "thermo_temperature": [("Temperature", _THERMO.format("Temperature", "K"))],
        "thermo_pressure": [("Pressure", _THERMO.format("Pressure", "atm"))],
        "thermo_zpve": [
            ("Zero point energy", _THERMO.format("Zero point energy", "Eh"))
        ],
        "thermo_enthalpy": [("Total Enthalpy", _THERMO.format("Total Enthalpy", "Eh"))],
        "thermo_ts": [
            ("Final entropy term", _THERMO.format("Final entropy term", "Eh"))
        ],
        "thermo_free_energy": [
            (
                "Final Gibbs free",
                _THERMO.format("Final Gibbs free (?:energy|enthalpy)", "Eh"),
            )
        ],
    },
    after="thermo_block",
)
"""ORCA's lines the fallback reads itself, with the value they print; the
thermochemistry's only below the block's heading."""


def ase_version():
    """Installed ASE version, or ``None`` when ASE is not installed."""
    try:
        import ase

        return ase.__version__
    except ImportError:
        return None


def read(path):
    """``(atoms_of_last_geometry, energy_hartree)`` read by ASE.

    Raises what ASE raises (``ImportError`` without ASE); the caller turns
    it into a reason.
    """
    import warnings

    import ase.io
    import ase.units

    with warnings.catch_warnings():
        # ASE warns on optimisations by a phrase ORCA 6 no longer prints;
        # convergence is judged from ORCA's own lines instead.
        warnings.simplefilter("ignore")
        atoms = ase.io.read(str(path), format=READER_FORMAT, index=-1)
    energy = None
    if atoms.calc is not None:
        try:
            energy = atoms.get_potential_energy() / ase.units.Hartree
        except Exception:  # no energy printed (the job ended early)
            energy = None
    return atoms, energy


def _value(evidence, key, cast=float):
    found = evidence.get(key)
    return None if found is None or found[2] is None else cast(found[2])


def settings(evidence):
    """``(charge, multiplicity)`` as ORCA echoes them, ``None`` if not."""
    return _value(evidence, "charge", int), _value(evidence, "multiplicity", int)


def thermochemistry(evidence):
    """``(totals, thermochemistry)`` of the last ``THERMOCHEMISTRY AT`` block.

    Totals are the enthalpy and Gibbs free energy (Eh); the rest is the
    temperature (K), pressure (atm), ZPVE (Eh) and entropy (Eh/K: ORCA
    prints T*S, "Final entropy term", divided here by its temperature, as
    cclib does for ORCA 5). A line before the block's heading belongs to
    something else and is not taken.
    """
    if "thermo_block" not in evidence:
        return {}, {}
    start = evidence["thermo_block"][0]
    values = {
        key[len("thermo_") :]: _value(evidence, key)
        for key in (
            "thermo_temperature", "thermo_pressure", "thermo_zpve",
            "thermo_enthalpy", "thermo_ts", "thermo_free_energy",
        )
        if key in evidence and evidence[key][0] > start
    }  # fmt: skip
    totals = {k: values[k] for k in ("enthalpy", "free_energy") if k in values}
    thermo = {k: values[k] for k in ("temperature", "pressure", "zpve") if k in values}
    if values.get("ts") is not None and values.get("temperature"):
        thermo["entropy"] = values["ts"] / values["temperature"]
    return totals, thermo
