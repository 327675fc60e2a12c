# SPDX-License-Identifier: MIT
"""The lines of an output that quality verdicts rest on.

A verdict a chemist can trust names the line it came from. Programs print
their own statements of termination, SCF and optimisation convergence and of
<S^2>; one pass over the file keeps the last of each (the final step is what
the results belong to), with its line number. The patterns are per program
and checked against the real outputs in ``tests/data/compchem``.
"""

import hashlib
import re

import numpy

_CHUNK = 8 * 1024 * 1024

# Per program: key -> alternatives ``(needle, regex)``. The needle is a plain
# substring found with ``str.find`` (fast enough to add little to the
# parse); the regex, if any, must then match the line holding it and
# captures the value as group 1. Keys ending in ``_ok``/``_bad`` are the
# positive and negative statements of the same check.
_PATTERNS = {
    "Gaussian": {
        "termination_ok": [("Normal termination of Gaussian", None)],
        "termination_bad": [("Error termination", None)],
        "scf_ok": [("SCF Done:", None)],
        "scf_bad": [
            (">>>>>>>>>> Convergence criterion not met", None),
            ("Convergence failure -- run terminated", None),
        ],
        "opt_ok": [
            ("Optimization completed.", None),
            ("-- Stationary point found.", None),
        ],
        "opt_bad": [
            ("Optimization stopped.", None),
            ("Number of steps exceeded", None),
        ],
        "opt_step": [("Berny optimization.", None)],
        # Not the <S**2> of each excited state that TD jobs print.
        "s2": [
            ("S**2 before annihilation", r"before annihilation\s+(-?\d+\.\d+)"),
            (" <Sx>=", r"^ <Sx>=.*<S\*\*2>=\s*(-?\d+\.\d+)"),
        ],
    },
    "ORCA": {
        "termination_ok": [("****ORCA TERMINATED NORMALLY****", None)],
        "termination_bad": [
            ("ORCA finished by error termination", None),
            ("aborting the run", None),
        ],
        "scf_ok": [("SCF CONVERGED AFTER", None)],
        "scf_bad": [
            ("SCF NOT CONVERGED AFTER", None),
            ("The wavefunction IS NOT YET CONVERGED", None),
        ],
        "opt_ok": [("THE OPTIMIZATION HAS CONVERGED", None)],
        "opt_bad": [("The optimization did not converge", None)],
        "opt_step": [("GEOMETRY OPTIMIZATION CYCLE", None)],
        "s2": [("Expectation value of <S**2>", r":\s*(-?\d+\.\d+)")],
    },
    "Q-Chem": {
        "termination_ok": [("Thank you very much for using Q-Chem", None)],
        "termination_bad": [("Q-Chem fatal error", None)],
        "scf_ok": [("Convergence criterion met", None)],
        "scf_bad": [("SCF failed to converge", None)],
        "opt_ok": [("OPTIMIZATION CONVERGED", r"\*\*\s+OPTIMIZATION CONVERGED\s+\*\*")],
        "opt_bad": [("MAXIMUM OPTIMIZATION CYCLES REACHED", None)],
        "opt_step": [("** GEOMETRY OPTIMIZATION IN DELOCALIZED", None)],
        "s2": [("<S^2> =", r"<S\^2> =\s+(-?\d+\.\d+)")],
    },
    "NWChem": {
        "termination_ok": [(" Total times  cpu:", r"^ Total times\s+cpu:")],
        "termination_bad": [
            ("For further details see manual section", None),
            ("error has occurred", None),
        ],
        "scf_ok": [("Total DFT energy =", None), ("Total SCF energy =", None)],
        "scf_bad": [("Calculation failed to converge", None)],
        "opt_ok": [("Optimization converged", None)],
        "opt_bad": [("Optimization failed", None)],
        "opt_step": [("NWChem Geometry Optimization", None)],
        "s2": [("<S2> =", r"<S2> =\s+(-?\d+\.\d+)")],
    },
    "Psi4": {
        "termination_ok": [("*** Psi4 exiting successfully", None)],
        "termination_bad": [
            ("*** Psi4 encountered an error", None),
            ("PsiException", None),
        ],
        "scf_ok": [("Energy and wave function converged", None)],
        "scf_bad": [
            ("Could not converge SCF iterations", None),
            ("SCF did not converge", None),
        ],
        "opt_ok": [
            ("Final optimized geometry and variables", None),
            ("Optimization is complete!", None),
        ],
        "opt_bad": [
            ("Could not converge geometry optimization", None),
            ("OptimizationConvergenceError", None),
        ],
        "opt_step": [("OPTKING ", r"OPTKING \d")],
        "s2": [("@S^2 Observed:", r":\s+(-?\d+\.\d+(?:E[-+]\d+)?)")],
    },
    "xtb": {
        "termination_ok": [("normal termination of xtb", None)],
        "termination_bad": [("abnormal termination of xtb", None)],
        "scf_ok": [("convergence criteria satisfied after", None)],
        "scf_bad": [
            ("convergence criteria cannot be satisfied", None),
            ("SCC did not converge", None),
        ],
        "opt_ok": [("GEOMETRY OPTIMIZATION CONVERGED AFTER", None)],
        "opt_bad": [("FAILED TO CONVERGE GEOMETRY OPTIMIZATION", None)],
        "opt_step": [("ANCOPT OPTIMIZER", None)],
    },
    "GAMESS (US)": {
        "termination_ok": [("EXECUTION OF GAMESS TERMINATED NORMALLY", None)],
        "termination_bad": [("EXECUTION OF GAMESS TERMINATED -ABNORMALLY-", None)],
        "scf_ok": [("DENSITY CONVERGED", None), ("ENERGY CONVERGED", None)],
        "scf_bad": [("SCF IS UNCONVERGED", None)],
        "opt_ok": [("EQUILIBRIUM GEOMETRY LOCATED", None)],
        "opt_bad": [("FAILURE TO LOCATE STATIONARY POINT", None)],
        "opt_step": [("NSERCH", r"NSERCH:?\s+\d")],
        "s2": [("S-SQUARED", r"S-SQUARED\s+=\s+(-?\d+\.\d+)")],
    },
    "Molpro": {
        "termination_ok": [
            ("Molpro calculation terminated", None),
            (" Variable memory released", r"^ Variable memory released"),
        ],
        "termination_bad": [("? Error", None), ("GLOBAL ERROR", None)],
        "scf_bad": [("No convergence", None)],
        "opt_ok": [("END OF GEOMETRY OPTIMIZATION", None)],
        "opt_bad": [("No convergence in max. number of iterations", None)],
        "opt_step": [("PROGRAM * OPT", None)],
    },
    "TURBOMOLE": {
        "termination_ok": [("ended normally", None)],
        "termination_bad": [("ended abnormally", None)],
        "scf_ok": [("convergence criteria satisfied after", None)],
        "scf_bad": [("did not converge", None), ("not converged!", None)],
    },
}
_PATTERNS["OpenMolcas"] = _PATTERNS["Molcas"] = {
    "termination_ok": [("    Timing: Wall=", None)],
    "scf_ok": [("Convergence after", r"Convergence after\s+\d+ Macro Iterations")],
    "opt_ok": [("Geometry is converged in", None)],
}
# Periodic codes (read by periodic-summary).
_PATTERNS["VASP"] = {  # OUTCAR
    "termination_ok": [
        ("General timing and accounting informations for this job", None)
    ],
    # The banner of each electronic step: "Iteration <ionic>(<electronic>)".
    "electronic_step": [("Iteration", r"Iteration\s+\d+\(\s*\d+\)")],
    "opt_ok": [
        ("reached required accuracy - stopping structural energy minimisation", None)
    ],
}
_PATTERNS["VASP (vasprun.xml)"] = {
    "termination_ok": [("</modeling>", None)],
}
_PATTERNS["Quantum ESPRESSO"] = {
    "termination_ok": [("JOB DONE.", None)],
    "scf_ok": [("convergence has been achieved in", None)],
    "scf_bad": [("convergence NOT achieved after", None)],
    "opt_ok": [
        ("End of BFGS Geometry Optimization", None),
        ("bfgs converged in", None),
    ],
    "opt_bad": [("The maximum number of steps has been reached.", None)],
    "opt_step": [("BFGS Geometry Optimization", None)],
}
_PATTERNS["CP2K"] = {
    "termination_ok": [("PROGRAM ENDED AT", None)],
    "scf_ok": [("SCF run converged in", None)],
    "scf_bad": [("SCF run NOT converged", None)],
    "opt_ok": [("GEOMETRY OPTIMIZATION COMPLETED", None)],
    "opt_bad": [("MAXIMUM NUMBER OF OPTIMIZATION STEPS REACHED", None)],
    "opt_step": [("OPTIMIZATION STEP:", None)],
}
_PATTERNS["Firefly"] = {
    **_PATTERNS["GAMESS (US)"],
    "termination_ok": [("EXECUTION OF FIREFLY TERMINATED NORMALLY", None)],
    "termination_bad": [("EXECUTION OF FIREFLY TERMINATED -ABNORMALLY-", None)],
}


def compiled(patterns, after=None):
    """``[(key, needle_bytes, regex_or_None, after)]`` of a ``{key:
    alternatives}`` table. With ``after`` (a key listed before these), a
    line counts only below that key's last match, and is not looked for
    without one. Negative statements come last, so that their positive ones
    are found first (see :data:`MARGINS`)."""
    return sorted(
        (
            (key, needle.encode("ascii"), re.compile(regex) if regex else None, after)
            for key, alternatives in patterns.items()
            for needle, regex in alternatives
        ),
        key=lambda pattern: pattern[0].endswith("_bad"),
    )


_COMPILED = {program: compiled(patterns) for program, patterns in _PATTERNS.items()}
# VASP says when an electronic loop converged, not when it stopped at NELM
# steps: only the line below the last electronic step tells the end state.
_COMPILED["VASP"] += compiled(
    {"scf_ok": [("aborting loop because EDIFF is reached", None)]},
    after="electronic_step",
)


COUNTED = frozenset({"opt_step"})
"""Keys whose matches are counted, not only the last one found."""

MARGINS = {"termination": 0, "scf": 3, "opt": 0}
"""Per check, how many lines before its last positive statement a negative
one still decides the verdict (Gaussian prints "SCF Done" right after
"criterion not met"). A negative statement further up cannot change the
verdict, so it is looked for only below that line: in a run that ended
well, the search for "Error termination" reads its last lines, not the file."""


def known_programs():
    """Programs whose statements are recognised."""
    return tuple(_PATTERNS)


def knows(program, check):
    """Whether ``program``'s statements for ``check`` (e.g. ``opt``) are known."""
    return any(key.startswith(check) for key in _PATTERNS.get(program, {}))


class Evidence(dict):
    """Last match per key: ``{key: (line_number, line_text, value_or_None)}``.

    ``counts`` holds how many lines matched each of the :data:`COUNTED` keys.
    """

    def __init__(self):
        super().__init__()
        self.counts = {}
        self.source = None
        """File name, SHA-256 and size, hashed in the same read as the scan."""

    def line(self, key):
        """``"line N: text"`` of the last match of ``key``, or ``None``."""
        if key not in self:
            return None
        number, text, _ = self[key]
        return f"line {number}: {text}"


def _lines_up(chunk, start, count):
    """Start of the line ``count`` lines above the one starting at ``start``."""
    for _ in range(count):
        if start == 0:
            break
        start = chunk.rfind(b"\n", 0, start - 1) + 1
    return start


def _line_at(chunk, position, end):
    """``(start, line)`` of the line holding ``position``; ``line`` in bytes."""
    start = chunk.rfind(b"\n", 0, position) + 1
    stop = chunk.find(b"\n", position, end)
    return start, chunk[start : stop if stop >= 0 else end]


_RULES = re.compile(r"^(?:[-=*#]{3,} ?)+|(?: ?[-=*#]{3,})+$")


def cited_text(line):
    """A cited line as a reader sees it: runs of blanks made one, and the
    rules of dashes, equals signs or stars that frame a banner taken off
    (``---- aborting loop because EDIFF is reached ----``), unless nothing
    else is left; at most 200 characters."""
    text = " ".join(line.split())
    return (_RULES.sub("", text) or text)[:200]


def _text(line):
    return line.decode("utf-8", errors="replace")


def _last_match(chunk, end, needle, regex, lowest):
    """``(line_start, line, match)`` of the last line holding ``needle`` (and
    matching ``regex``) in ``chunk[lowest:end]``, searched from the end: the
    statements that decide (termination, the last SCF) sit near it, so most
    searches stop early."""
    while True:
        position = chunk.rfind(needle, lowest, end)
        if position < 0:
            return None
        start, line = _line_at(chunk, position, end)
        line = _text(line)
        match = regex.search(line) if regex else True
        if match:
            return start, line, match
        end = start


def _count(chunk, end, needle, regex):
    """Lines of ``chunk[:end]`` holding ``needle`` (and matching ``regex``)."""
    if regex is None:
        return chunk.count(needle, 0, end)
    count, position = 0, chunk.find(needle, 0, end)
    while position >= 0:
        start, line = _line_at(chunk, position, end)
        count += bool(regex.search(_text(line)))
        position = chunk.find(needle, start + len(line) + 1, end)
    return count


def _newlines(chunk, start, end):
    """Line ends in ``chunk[start:end]``. Over more than a few kB, numpy's
    vectorised compare counts them about six times faster than
    ``bytes.count`` of one byte."""
    if end - start < 16384:
        return chunk.count(b"\n", start, end)
    view = numpy.frombuffer(chunk, numpy.uint8, count=end - start, offset=start)
    return int(numpy.count_nonzero(view == 10))


def _search_chunk(evidence, chunk, end, line_base, patterns):
    """Record the last match of each needle in ``chunk[:end]``; count the
    :data:`COUNTED` keys' matches. Returns the number of lines searched.

    Line numbers come from one count of newlines up to each match in turn,
    not one count per match."""
    found = {}  # key -> (start, line, value) in this chunk
    for key, needle, regex, after in patterns:
        lowest = 0
        if after is not None:
            if after in found:
                lowest = found[after][0]
            elif after not in evidence:
                continue
        if key.endswith("_bad"):
            check = key[: -len("_bad")]
            if check + "_ok" in found:
                lowest = _lines_up(chunk, found[check + "_ok"][0], MARGINS[check])
        if key in COUNTED:
            count = _count(chunk, end, needle, regex)
            evidence.counts[key] = evidence.counts.get(key, 0) + count
            if not count:
                continue
        last = _last_match(chunk, end, needle, regex, lowest)
        if last is not None and (key not in found or found[key][0] <= last[0]):
            start, line, match = last
            value = match.group(1) if regex and match.groups() else None
            found[key] = (start, line, value)
    position = number = 0
    for key, (start, line, value) in sorted(found.items(), key=lambda kv: kv[1][0]):
        number += _newlines(chunk, position, start)
        position = start
        evidence[key] = (line_base + number + 1, cited_text(line), value)
    return number + _newlines(chunk, position, end)


def scan(path, program, extra=(), without=(), first=b""):
    """The :class:`Evidence` of ``path`` for ``program`` (empty if unknown).

    ``extra`` (from :func:`compiled`) adds a reader's own lines to the same
    pass, such as values a fallback reader does not give; ``without`` names
    checks (``"opt"``) whose lines are not looked for, because the caller
    knows they cannot matter (a Gaussian job that asks for no optimisation).
    ``first``: the file's first bytes, when the caller has read them to
    tell the program; the scan takes them as its first block and reads on
    from there.

    The file is searched as bytes, in blocks cut at a line end, and only the
    lines found are decoded: the needles are ASCII, which UTF-8 never uses
    inside another character, so they are found where the text holds them.
    """
    evidence = Evidence()
    patterns = _COMPILED.get(program)
    if patterns is None:
        return evidence
    patterns = [
        pattern
        for pattern in (*patterns, *extra)
        if pattern[0].rsplit("_", 1)[0] not in without
    ]
    line_base, rest, digest, size = 0, b"", hashlib.sha256(), 0
    with open(path, "rb") as fp:
        fp.seek(len(first))
        while True:
            block, first = first or fp.read(_CHUNK), b""
            digest.update(block)
            size += len(block)
            chunk = rest + block if rest else block
            if block:
                end = chunk.rfind(b"\n") + 1
                rest = chunk[end:]
            else:
                end, rest = len(chunk), b""
            line_base += _search_chunk(evidence, chunk, end, line_base, patterns)
            if not block:
                name = getattr(path, "name", str(path).rsplit("/", 1)[-1])
                evidence.source = {
                    "filename": name,
                    "sha256": digest.hexdigest(),
                    "size": size,
                }
                return evidence
