# SPDX-License-Identifier: MIT
"""Quality verdicts: can a chemist build on this calculation?

Each verdict is ``{"status": ..., "evidence": ...}``: the status is one of a
few fixed words, the evidence the line of the file (``line N: text``) or the
values it rests on, so that a reader can check it in the file itself.
"""

from ._evidence import MARGINS

SPIN_TOLERANCE = 0.1
"""Largest |<S^2> - S(S+1)| still called clean (the usual rule of thumb)."""

# Programs that always print a termination line: without it, the file ends
# before the program finished. xtb prints its own to stderr, not to the output.
_TERMINATION_PRINTED = {
    "Gaussian": "Normal termination of Gaussian",
    "ORCA": "****ORCA TERMINATED NORMALLY****",
    "Q-Chem": "Thank you very much for using Q-Chem",
    "NWChem": "Total times  cpu:",
    "Psi4": "*** Psi4 exiting successfully",
    "GAMESS (US)": "EXECUTION OF GAMESS TERMINATED NORMALLY",
    "Firefly": "EXECUTION OF FIREFLY TERMINATED NORMALLY",
    "Molpro": "Variable memory released",
    "VASP": "General timing and accounting informations for this job",
    "VASP (vasprun.xml)": "</modeling>",
    "Quantum ESPRESSO": "JOB DONE.",
    "CP2K": "PROGRAM ENDED AT",
}


def _verdict(status, evidence):
    return {"status": status, "evidence": evidence}


def _last(evidence, check):
    """``True``/``False`` for whichever of ``check``'s positive and negative
    statements came last; a negative one up to ``MARGINS[check]`` lines
    before the positive one still wins."""
    good, bad, margin = f"{check}_ok", f"{check}_bad", MARGINS[check]
    good_at = evidence[good][0] if good in evidence else None
    bad_at = evidence[bad][0] if bad in evidence else None
    if good_at is None and bad_at is None:
        return None, None
    if bad_at is not None and (good_at is None or bad_at + margin >= good_at):
        return False, evidence.line(bad)
    return True, evidence.line(good)


def termination(evidence, program, success):
    """``normal``, ``abnormal``, ``incomplete`` or ``unknown``."""
    ok, line = _last(evidence, "termination")
    if ok is not None:
        return _verdict("normal" if ok else "abnormal", line)
    if program in _TERMINATION_PRINTED:
        return _verdict(
            "incomplete",
            f'no "{_TERMINATION_PRINTED[program]}" line: the file ends before '
            "the calculation finished",
        )
    if success is not None:
        return _verdict(
            "normal" if success else "abnormal",
            f"the parser's success flag ({str(success).lower()}); no termination "
            f"line of {program or 'this program'} is read here",
        )
    return _verdict("unknown", "no termination statement found")


def scf(evidence, fallback):
    """``converged``, ``not converged`` or ``unknown``.

    ``fallback`` returns ``(bool_or_None, text)`` from the parsed
    iterations; it is called only when the program prints no convergence
    statement.
    """
    ok, line = _last(evidence, "scf")
    if ok is not None:
        return _verdict("converged" if ok else "not converged", line)
    converged, text = fallback()
    if converged is None:
        return _verdict("unknown", text)
    return _verdict("converged" if converged else "not converged", text)


def optimisation(evidence, parsed_steps):
    """``converged`` or ``not converged``; ``None`` when not an optimisation.

    ``parsed_steps``: number of optimisation steps the parser found (0 when
    none), so that outputs without a step marker are still recognised.
    """
    ok, line = _last(evidence, "opt")
    if ok is not None:
        return _verdict("converged" if ok else "not converged", line)
    steps = max(evidence.counts.get("opt_step", 0), parsed_steps or 0)
    if not steps:
        return None
    return _verdict(
        "not converged",
        f"{steps} optimisation step(s) and no convergence statement: the file "
        "ends before the optimisation converged",
    )


def frequencies(freqs):
    """``minimum``, ``transition state`` or ``higher-order saddle point``.

    ``freqs`` are the vibrational frequencies in cm-1 (imaginary ones
    negative), without the translations and rotations; ``None`` without.
    """
    if freqs is None or not len(freqs):
        return None
    imaginary = [f for f in freqs if f < 0]
    if not imaginary:
        return _verdict(
            "minimum", f"no imaginary frequency; lowest {min(freqs):.2f} cm-1"
        )
    listed = ", ".join(f"{abs(f):.2f}i" for f in sorted(imaginary)[:5])
    status = "transition state" if len(imaginary) == 1 else "higher-order saddle point"
    return _verdict(status, f"{len(imaginary)} imaginary frequency(ies): {listed} cm-1")


def spin(evidence, multiplicity):
    """``clean`` or ``contaminated``; ``None`` when no <S^2> is printed."""
    if "s2" not in evidence or not multiplicity:
        return None
    value = float(evidence["s2"][2])
    s = (multiplicity - 1) / 2
    ideal = s * (s + 1)
    deviation = value - ideal
    status = "contaminated" if abs(deviation) > SPIN_TOLERANCE else "clean"
    return {
        "status": status,
        "evidence": f"{evidence.line('s2')} (ideal S(S+1) = {ideal:.4f})",
        "s2": value,
        "ideal": ideal,
    }
