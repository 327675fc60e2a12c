# SPDX-License-Identifier: MIT
"""Fallback reader for the ORCA outputs cclib 1.8 cannot parse (ORCA 6).

Chosen by measurement: cclib 1.8.1 raises on all 27 ORCA 6.0/6.1 outputs of
its own regression data, while ASE 3.29's ``orca-output`` reader returns the
atoms and the final single-point energy of every one of them (see
``docs/processors.rst``). ASE reads less than cclib, so the summary says
which reader produced it; charge and multiplicity come from ORCA's own
echo of its settings.
"""

import re

from ._programs import read_head

READER_FORMAT = "orca-output"

_CHARGE = re.compile(r"^\s*Total Charge\s+Charge\s+\.\.\.\.\s+(-?\d+)", re.M)
_MULTIPLICITY = re.compile(r"^\s*Multiplicity\s+Mult\s+\.\.\.\.\s+(\d+)", re.M)


def ase_version():
    """Installed ASE version, or ``None`` when ASE is not installed."""
    try:
        import ase

        return ase.__version__
    except ImportError:
        return None


def read(path):
    """``(atoms_of_last_geometry, energy_hartree, charge, multiplicity)``.

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
    head = read_head(path, 1024 * 1024)  # the settings echo follows the input
    charge, mult = _CHARGE.search(head), _MULTIPLICITY.search(head)
    return (
        atoms,
        energy,
        int(charge.group(1)) if charge else None,
        int(mult.group(1)) if mult else None,
    )
