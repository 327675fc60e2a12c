# SPDX-License-Identifier: MIT
"""The summary document of one output, from cclib or the ORCA 6 fallback.

Both readers fill the same fields (``summary-v1.1.0.json``); what a reader
cannot tell is ``null``, and ``reader`` names the one that produced it.
The process handling and the command line are in :mod:`.cclib_summary`.
"""

import logging
import re
from pathlib import Path

import numpy

from . import _ase_orca, _cclib_properties, _evidence, _verdicts
from ._cclib_fields import (
    energies,
    final_energy,
    hill_formula,
    real_frequencies,
    scf_fallback,
    seconds,
    symbols_of,
    vibrations,
    xyz_text,
)
from ._cclib_reasons import NOT_RECOGNISED, ParseFailure, failure_reason, unsupported
from ._isolation import source_of as _source
from ._programs import (
    MOLPRO_LOG,
    identify,
    input_file_of,
    program_name,
    program_version,
    read_head,
)

SUMMARY_VERSION = 1
"""Bumped when a field of the summary changes meaning or disappears."""

FORMATS = {
    "FChk": "formatted checkpoint (Gaussian or Q-Chem .fchk)",
    "GAMESSDAT": "GAMESS punch file (.dat)",
}
"""Files cclib reads that are a format, not one program's output."""

# A parse counts as a result only with one of these: a recognised header
# followed by nothing useful is a failure.
_RESULT_ATTRIBUTES = ("atomcoords", "natom", "scfenergies")
_ENERGY_ATTRIBUTES = ("scfenergies", "mpenergies", "ccenergies", "etenergies")


def _geometry_label(optimisation):
    if optimisation is None:
        return "final geometry"
    if optimisation["status"] == "converged":
        return "optimised geometry"
    return "last geometry of an unconverged optimisation"


_OPT_KEYWORD = re.compile(r"\bopt\b", re.I)


def _gaussian_route_asks_opt(head):
    """Whether a route line (`` #...``) of the Gaussian output names Opt."""
    position = head.find("\n #")
    while position >= 0:
        end = head.find("\n", position + 1)
        if _OPT_KEYWORD.search(head[position : end if end >= 0 else None]):
            return True
        position = head.find("\n #", position + 1)
    return False


def _not_optimised(program, head):
    """Gaussian checks the geometry of a frequency job with one Berny step
    and prints "Stationary point found": an optimisation only if asked."""
    return program == "Gaussian" and not _gaussian_route_asks_opt(head)


def _optimisation(evidence, data, program, not_optimised):
    """For programs whose convergence lines are not known here (ADF, DALTON,
    Jaguar, TURBOMOLE, ...), cclib's ``optdone`` decides, and says so."""
    if not_optimised:
        return None
    if not hasattr(data, "optdone"):
        steps = 0
    else:
        steps = len(getattr(data, "geovalues", []))
        if not _evidence.knows(program, "opt_ok"):
            done = (
                bool(data.optdone)
                if not isinstance(data.optdone, list)
                else bool(len(data.optdone))
            )
            return {
                "status": "converged" if done else "not converged",
                "evidence": f"the parser's optdone flag ({str(done).lower()}) after "
                f"{steps} step(s); {program} convergence lines are not read here",
            }
    return _verdicts.optimisation(evidence, steps)


def _flags(verdicts):
    """The yes/no fields of summary 1.0, now read off the verdicts."""
    term, scf, opt = verdicts["termination"], verdicts["scf"], verdicts["optimisation"]
    return {
        "success": {"normal": True, "abnormal": False, "incomplete": False}.get(
            term["status"]
        ),
        "scf_converged": {"converged": True, "not converged": False}.get(scf["status"]),
        "optimisation_done": None if opt is None else opt["status"] == "converged",
    }


_ORDER = (
    "summary_version", "source", "processor", "reader", "program",
    "program_version", "program_legacy_version", "file_format", "success",
    "methods", "basis_set", "method", "charge", "multiplicity", "natom",
    "formula", "energies", "partial_energies", "final_energy",
    "thermochemistry", "orbitals", "dipole", "excited_states", "symmetry",
    "nbasis", "vibrations", "verdicts", "scf_converged", "optimisation_done",
    "wall_time_seconds", "cpu_time_seconds", "geometry_written",
)  # fmt: skip


def _ordered(summary):
    """The fields in reading order: what it is, what it holds, how good."""
    return {key: summary[key] for key in _ORDER if key in summary}


def _empty_fields():
    return {
        "methods": [],
        "basis_set": None,
        "method": {"functional": None, "dispersion": None, "solvent": None},
        "partial_energies": {},
        "final_energy": None,
        "thermochemistry": {},
        "orbitals": None,
        "dipole": None,
        "excited_states": None,
        "symmetry": None,
        "nbasis": None,
        "vibrations": None,
        "wall_time_seconds": None,
        "cpu_time_seconds": None,
    }


def from_cclib(path, processor, companions=(), multiplicity=None):
    """``(summary, xyz_or_None)`` of ``path`` read by cclib.

    ``companions`` are read with it as one job (a TURBOMOLE job folder);
    ``multiplicity``, when given, is the one the job's input states (cclib
    reads none for TURBOMOLE). Raises :class:`ParseFailure` with the
    depositor's reason.
    """
    import cclib

    path = Path(path)
    head = read_head(path)
    banner, banner_version = identify(head)
    if input_file_of(head):
        raise ParseFailure(
            f"this is a {input_file_of(head)} input file, not an output: upload "
            "the output the program wrote (.log or .out)"
        )
    if MOLPRO_LOG.search(head):
        raise ParseFailure(
            "this is a Molpro log file, which traces the run but does not hold its "
            "results: upload the Molpro output (.out)"
        )
    if banner == "ORCA" and unsupported(banner, banner_version):
        # cclib would raise anyway
        return from_ase_orca(path, processor, banner_version)
    files = [str(path), *map(str, companions)] if companions else str(path)
    parser = cclib.io.ccopen(files, loglevel=logging.ERROR)
    if parser is None:
        if banner == "ORCA":
            return from_ase_orca(path, processor, banner_version)
        raise ParseFailure(NOT_RECOGNISED)
    package = type(parser).__name__
    try:
        data = parser.parse()
    except Exception as exc:
        if (banner or package) == "ORCA":
            return from_ase_orca(path, processor, banner_version, cause=exc)
        raise ParseFailure(failure_reason(path, package, exc)) from exc
    finally:
        getattr(getattr(parser, "inputfile", None), "close", lambda: None)()
    if data is None or not any(hasattr(data, a) for a in _RESULT_ATTRIBUTES):
        raise ParseFailure(failure_reason(path, package, None))

    meta = data.metadata
    program = program_name(meta.get("package") or package, banner)
    not_optimised = _not_optimised(program, head)
    evidence = _evidence.scan(path, program, without=("opt",) if not_optimised else ())
    freqs = real_frequencies(data)
    if multiplicity is None and hasattr(data, "mult"):
        multiplicity = int(data.mult)
    verdicts = {
        # A checkpoint or punch file has no termination line to look for.
        "termination": (
            _verdicts.termination(evidence, None, None)
            if package in FORMATS
            else _verdicts.termination(evidence, program, meta.get("success"))
        ),
        "scf": _verdicts.scf(evidence, lambda: scf_fallback(data)),
        "optimisation": _optimisation(evidence, data, program, not_optimised),
        "frequencies": _verdicts.frequencies(freqs),
        "spin": _verdicts.spin(evidence, multiplicity),
    }
    has_energy = any(
        getattr(data, a, None) is not None and len(getattr(data, a))
        for a in _ENERGY_ATTRIBUTES
    )
    if not has_energy and verdicts["termination"]["status"] in (
        "abnormal",
        "incomplete",
    ):
        raise ParseFailure(failure_reason(path, package, None))

    atomnos = getattr(data, "atomnos", None)
    symbols = symbols_of(atomnos) if atomnos is not None else None
    natom = getattr(data, "natom", None)
    if natom is None and symbols is not None:
        natom = len(symbols)
    energy_fields, partial, thermo = energies(data, package, head)
    final, final_method = final_energy(energy_fields, partial)
    summary = {
        "summary_version": SUMMARY_VERSION,
        "source": evidence.source or _source(path),
        "processor": processor,
        "reader": {"name": "cclib", "version": cclib.__version__, "format": package},
        "program": program,
        "program_version": program_version(
            banner_version,
            meta.get("legacy_package_version"),
            meta.get("package_version"),
        ),
        "program_legacy_version": meta.get("legacy_package_version"),
        "file_format": FORMATS.get(package),
        **_empty_fields(),
        "methods": list(dict.fromkeys(meta.get("methods") or [])),
        "basis_set": meta.get("basis_set"),
        "method": _cclib_properties.method(data, head, program),
        "charge": int(data.charge) if hasattr(data, "charge") else None,
        "multiplicity": multiplicity,
        "natom": int(natom) if natom is not None else None,
        "formula": hill_formula(symbols) if symbols else None,
        "energies": energy_fields,
        "partial_energies": partial,
        "final_energy": {"value": final, "method": final_method} if final else None,
        "thermochemistry": thermo,
        "orbitals": _cclib_properties.orbitals(data),
        "dipole": _cclib_properties.dipole(data),
        "excited_states": _cclib_properties.excited_states(data),
        "symmetry": _cclib_properties.symmetry(data),
        "nbasis": int(data.nbasis) if hasattr(data, "nbasis") else None,
        "vibrations": vibrations(freqs),
        "verdicts": verdicts,
        **_flags(verdicts),
        "wall_time_seconds": seconds(meta.get("wall_time")),
        "cpu_time_seconds": seconds(meta.get("cpu_time")),
    }
    coords = getattr(data, "atomcoords", None)
    xyz = None
    if coords is not None and len(coords) and symbols:
        last = numpy.asarray(coords[-1], dtype=float)
        if last.shape == (len(symbols), 3):  # xtb outputs hold no coordinates
            label = _geometry_label(verdicts["optimisation"])
            xyz = xyz_text(path.name, symbols, last, label)
    summary["geometry_written"] = xyz is not None
    return _ordered(summary), xyz


def from_ase_orca(path, processor, version, cause=None):
    """``(summary, xyz)`` of an ORCA output cclib cannot read, via ASE;
    ``version``: the one its banner names."""
    path = Path(path)
    evidence = _evidence.scan(path, "ORCA", extra=_ase_orca.LINES)
    try:
        atoms, energy = _ase_orca.read(path)
    except Exception as exc:
        if _verdicts.termination(evidence, "ORCA", None)["status"] == "incomplete":
            raise ParseFailure(
                f"ORCA {version} output: the file ends before the calculation "
                "finished; upload the complete output once the job has ended"
            ) from exc
        if not unsupported("ORCA", version):
            raise ParseFailure(failure_reason(path, "ORCA", cause or exc)) from exc
        fallback = (
            "the ASE fallback reader is not installed (pip install ase)"
            if isinstance(exc, ImportError)
            else "the ASE fallback reader could not read it either"
        )
        raise ParseFailure(
            failure_reason(path, "ORCA", cause or exc) + f"; {fallback}"
        ) from exc
    charge, multiplicity = _ase_orca.settings(evidence)
    totals, thermo = _ase_orca.thermochemistry(evidence)
    verdicts = {
        "termination": _verdicts.termination(evidence, "ORCA", None),
        "scf": _verdicts.scf(
            evidence, lambda: (None, "no SCF convergence statement found")
        ),
        "optimisation": _verdicts.optimisation(evidence, 0),
        "frequencies": None,
        "spin": _verdicts.spin(evidence, multiplicity),
    }
    symbols = atoms.get_chemical_symbols()
    summary = {
        "summary_version": SUMMARY_VERSION,
        "source": evidence.source or _source(path),
        "processor": processor,
        "reader": {
            "name": "ase",
            "version": _ase_orca.ase_version(),
            "format": _ase_orca.READER_FORMAT,
        },
        "program": "ORCA",
        "program_version": version,
        "program_legacy_version": None,
        "file_format": None,
        **_empty_fields(),
        "charge": charge,
        "multiplicity": multiplicity,
        "natom": len(symbols),
        "formula": hill_formula(symbols) if symbols else None,
        "energies": {"unit": "hartree", **totals},
        "thermochemistry": thermo,
        "final_energy": (
            {"value": energy, "method": "FINAL SINGLE POINT ENERGY"} if energy else None
        ),
        "verdicts": verdicts,
        **_flags(verdicts),
    }
    xyz = None
    if symbols:
        label = _geometry_label(verdicts["optimisation"])
        xyz = xyz_text(path.name, symbols, atoms.positions, label, reader="ASE")
    summary["geometry_written"] = xyz is not None
    return _ordered(summary), xyz
