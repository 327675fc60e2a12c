# SPDX-License-Identifier: MIT
"""The lines of an output that quality verdicts rest on.

A verdict a chemist can trust names the line it came from. Programs print
their own statements of termination, SCF and optimisation convergence and of
<S^2>; one pass over the file keeps the last of each (the final step is what
the results belong to), with its line number. The patterns are per program
and checked against the real outputs in ``tests/data/compchem``.
"""

import re

_CHUNK = 8 * 1024 * 1024

# Per program: key -> regex. Keys ending in ``_ok``/``_bad`` are positive and
# negative statements of the same check; ``s2`` captures <S^2> as group 1.
_PATTERNS = {
    "Gaussian": {
        "termination_ok": r"Normal termination of Gaussian",
        "termination_bad": r"Error termination",
        "scf_ok": r"SCF Done:",
        "scf_bad": r">>>>>>>>>> Convergence criterion not met|Convergence failure -- run terminated",
        "opt_ok": r"Optimization completed\.|-- Stationary point found\.",
        "opt_bad": r"Optimization stopped\.|Number of steps exceeded",
        "opt_step": r"Berny optimization\.",
        # Not the <S**2> of each excited state that TD jobs print.
        "s2": r"S\*\*2 before annihilation\s+(-?\d+\.\d+)|^ <Sx>=.*<S\*\*2>=\s*(-?\d+\.\d+)",
    },
    "ORCA": {
        "termination_ok": r"\*\*\*\*ORCA TERMINATED NORMALLY\*\*\*\*",
        "termination_bad": r"ORCA finished by error termination|aborting the run",
        "scf_ok": r"SCF CONVERGED AFTER\s+\d+ CYCLES",
        "scf_bad": r"SCF NOT CONVERGED AFTER|The wavefunction IS NOT YET CONVERGED",
        "opt_ok": r"THE OPTIMIZATION HAS CONVERGED",
        "opt_bad": r"The optimization did not converge",
        "opt_step": r"GEOMETRY OPTIMIZATION CYCLE",
        "s2": r"Expectation value of <S\*\*2>\s*:\s*(-?\d+\.\d+)",
    },
    "Q-Chem": {
        "termination_ok": r"Thank you very much for using Q-Chem",
        "termination_bad": r"Q-Chem fatal error",
        "scf_ok": r"Convergence criterion met",
        "scf_bad": r"SCF failed to converge",
        "opt_ok": r"\*\*\s+OPTIMIZATION CONVERGED\s+\*\*",
        "opt_bad": r"MAXIMUM OPTIMIZATION CYCLES REACHED",
        "opt_step": r"\*\* GEOMETRY OPTIMIZATION IN DELOCALIZED",
        "s2": r"<S\^2> =\s+(-?\d+\.\d+)",
    },
    "NWChem": {
        "termination_ok": r"^ Total times\s+cpu:",
        "termination_bad": r"For further details see manual section|error has occurred",
        "scf_ok": r"Total (?:DFT|SCF) energy =",
        "scf_bad": r"Calculation failed to converge",
        "opt_ok": r"Optimization converged",
        "opt_bad": r"Optimization failed",
        "opt_step": r"NWChem Geometry Optimization",
        "s2": r"<S2> =\s+(-?\d+\.\d+)",
    },
    "Psi4": {
        "termination_ok": r"\*\*\* Psi4 exiting successfully",
        "termination_bad": r"\*\*\* Psi4 encountered an error|PsiException",
        "scf_ok": r"Energy and wave function converged",
        "scf_bad": r"Could not converge SCF iterations|SCF did not converge",
        "opt_ok": r"Final optimized geometry and variables|Optimization is complete!",
        "opt_bad": r"Could not converge geometry optimization|OptimizationConvergenceError",
        "opt_step": r"OPTKING \d",
        "s2": r"@S\^2 Observed:\s+(-?\d+\.\d+(?:E[-+]\d+)?)",
    },
    "xtb": {
        "termination_ok": r"normal termination of xtb",
        "termination_bad": r"abnormal termination of xtb",
        "scf_ok": r"convergence criteria satisfied after\s+\d+ iterations",
        "scf_bad": r"convergence criteria cannot be satisfied|SCC did not converge",
        "opt_ok": r"GEOMETRY OPTIMIZATION CONVERGED AFTER",
        "opt_bad": r"FAILED TO CONVERGE GEOMETRY OPTIMIZATION",
        "opt_step": r"ANCOPT OPTIMIZER|\|\s+GEOMETRY OPTIMIZATION\s+\|",
    },
    "GAMESS (US)": {
        "termination_ok": r"EXECUTION OF GAMESS TERMINATED NORMALLY",
        "termination_bad": r"EXECUTION OF GAMESS TERMINATED -ABNORMALLY-",
        "scf_ok": r"DENSITY CONVERGED|ENERGY CONVERGED",
        "scf_bad": r"SCF IS UNCONVERGED",
        "opt_ok": r"EQUILIBRIUM GEOMETRY LOCATED",
        "opt_bad": r"FAILURE TO LOCATE STATIONARY POINT",
        "opt_step": r"NSERCH:?\s+\d",
        "s2": r"S-SQUARED\s+=\s+(-?\d+\.\d+)",
    },
    "Molpro": {
        "termination_ok": r"Molpro calculation terminated|^ Variable memory released",
        "termination_bad": r"\? Error|GLOBAL ERROR",
        "scf_bad": r"No convergence",
        "opt_ok": r"END OF GEOMETRY OPTIMIZATION",
        "opt_bad": r"No convergence in max\. number of iterations",
        "opt_step": r"PROGRAM \* OPT",
    },
    "TURBOMOLE": {
        "termination_ok": r"\bended normally\b",
        "termination_bad": r"\bended abnormally\b",
        "scf_ok": r"convergence criteria satisfied after",
        "scf_bad": r"did not converge|not converged!",
    },
}
_PATTERNS["Firefly"] = {
    **_PATTERNS["GAMESS (US)"],
    "termination_ok": r"EXECUTION OF FIREFLY TERMINATED NORMALLY",
    "termination_bad": r"EXECUTION OF FIREFLY TERMINATED -ABNORMALLY-",
}
_COMPILED = {
    program: re.compile(
        "|".join(f"(?P<{key}>{pattern})" for key, pattern in patterns.items()), re.M
    )
    for program, patterns in _PATTERNS.items()
}


def known_programs():
    """Programs whose statements are recognised."""
    return tuple(_PATTERNS)


class Evidence(dict):
    """Last match per key: ``{key: (line_number, line_text, value_or_None)}``.

    ``counts`` holds how many times each key matched.
    """

    def __init__(self):
        super().__init__()
        self.counts = {}

    def line(self, key):
        """``"line N: text"`` of the last match of ``key``, or ``None``."""
        if key not in self:
            return None
        number, text, _ = self[key]
        return f"line {number}: {text}"


def _record(evidence, match, chunk, line_base):
    key = match.lastgroup
    start = chunk.rfind("\n", 0, match.start()) + 1
    end = chunk.find("\n", match.end())
    text = " ".join(chunk[start : end if end >= 0 else len(chunk)].split())
    number = line_base + chunk.count("\n", 0, match.start()) + 1
    value = next((g for g in match.groups()[match.re.groupindex[key]:] if g), None)
    evidence[key] = (number, text[:200], value)
    evidence.counts[key] = evidence.counts.get(key, 0) + 1


def scan(path, program):
    """The :class:`Evidence` of ``path`` for ``program`` (empty if unknown)."""
    evidence = Evidence()
    pattern = _COMPILED.get(program)
    if pattern is None:
        return evidence
    line_base, rest = 0, ""
    with open(path, "rb") as fp:
        while True:
            block = fp.read(_CHUNK)
            text = rest + block.decode("utf-8", errors="replace")
            if block:
                cut = text.rfind("\n") + 1
                chunk, rest = (text[:cut], text[cut:]) if cut else ("", text)
            else:
                chunk, rest = text, ""
            for match in pattern.finditer(chunk):
                _record(evidence, match, chunk, line_base)
            line_base += chunk.count("\n")
            if not block:
                return evidence
