# SPDX-License-Identifier: MIT
"""The spin multiplicity a TURBOMOLE ``control`` file defines.

TURBOMOLE's outputs do not print the multiplicity; the occupation in
``control`` fixes it:

* UHF (``$alpha shells``, ``$beta shells``): the difference of the occupied
  alpha and beta orbitals, plus one.
* RHF (``$closed shells`` only): a singlet.
* ROHF (``$open shells type=1`` with ``$roothaan``): TURBOMOLE's manual
  defines the single-determinant cases as one type of open shell whose
  orbitals all hold one electron per component, with Roothaan parameters
  ``a = b = 0`` for one unpaired electron and ``a = 1, b = 2`` for high spin;
  the multiplicity is then the number of open-shell electrons plus one.
  Other parameters describe low-spin states or averages of states, whose
  multiplicity the file does not fix: no value is given for them.
"""

import re
from fractions import Fraction

_SHELLS = re.compile(
    r"^\$(closed|alpha|beta|open) shells[^\n]*\n((?:[ \t]+\S[^\n]*\n)*)", re.M
)
_RANGE = re.compile(r"(\d+)(?:-(\d+))?")
_OCCUPATION = re.compile(r"\(\s*([\d/.]+)\s*\)")
_ROOTHAAN = re.compile(
    r"^\$roothaan[^\n]*\n\s*a\s*=\s*(-?[\d/]+)\s+b\s*=\s*(-?[\d/]+)", re.M
)
_DEGENERACY = {"a": 1, "b": 1, "e": 2, "t": 3, "g": 4, "h": 5}
"""Orbital components of an irreducible representation, by its first letter
(Mulliken's symbols: ``a1g``, ``b2``, ``e'``, ``t1u``, ``g``, ``h``)."""


def _fraction(text):
    """``"1/2"``, ``"1"`` or ``"0.5"`` as a number; ``None`` if it is none."""
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        return None


def _lines(block):
    """``(irrep, orbital numbers, occupation text)`` per line of a block."""
    for line in block.splitlines():
        irrep, _, rest = line.strip().partition(" ")
        ranges, _, _ = rest.partition("(")
        numbers = set()
        for start, end in _RANGE.findall(ranges):
            numbers.update(range(int(start), int(end or start) + 1))
        occupation = _OCCUPATION.search(rest)
        yield irrep.lower(), numbers, occupation.group(1) if occupation else None


def _orbitals(block):
    """Occupied orbitals of a ``$... shells`` block, per irrep (repeats once)."""
    return len({(irrep, n) for irrep, numbers, _ in _lines(block) for n in numbers})


def _open_shell_electrons(block):
    """Electrons in the open shells when every orbital component holds one,
    else ``None`` (a partly filled component is not a single determinant)."""
    electrons = 0
    for irrep, numbers, occupation in _lines(block):
        degeneracy = _DEGENERACY.get(irrep[:1])
        if degeneracy is None or _fraction(occupation or "") != 1:
            return None
        electrons += degeneracy * len(numbers)
    return electrons


def _rohf(text, block):
    """``(multiplicity, evidence)`` of a ROHF ``control``."""
    roothaan = _ROOTHAAN.search(text)
    electrons = _open_shell_electrons(block)
    if roothaan is None or not electrons:
        return None, None
    a, b = (_fraction(value) for value in roothaan.groups())
    single = electrons == 1 and (a, b) == (0, 0)
    high_spin = electrons > 1 and (a, b) == (1, 2)
    if not (single or high_spin):
        return None, None
    evidence = (
        f"$open shells: {electrons} electron{'s' * (electrons > 1)} in singly "
        f"occupied orbitals, $roothaan a = {a}, b = {b} "
        f"({'one unpaired electron' if single else 'high spin'})"
    )
    return electrons + 1, evidence


def control_multiplicity(path):
    """``(multiplicity, evidence)`` from a TURBOMOLE ``control`` file, or
    ``(None, None)`` when it does not fix one."""
    with open(path, encoding="utf-8", errors="replace") as fp:
        text = fp.read()
    blocks = dict(_SHELLS.findall(text))
    if "alpha" in blocks and "beta" in blocks:
        alpha, beta = _orbitals(blocks["alpha"]), _orbitals(blocks["beta"])
        evidence = f"$alpha shells: {alpha} orbitals, $beta shells: {beta}"
        return abs(alpha - beta) + 1, evidence
    if "open" in blocks:
        return _rohf(text, blocks["open"])
    if "closed" in blocks:
        return 1, f"$closed shells only ({_orbitals(blocks['closed'])} orbitals)"
    return None, None
