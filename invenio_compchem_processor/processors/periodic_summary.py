# SPDX-License-Identifier: MIT
"""The ``periodic-summary`` processor: periodic DFT outputs, read with ASE.

Usage: ``compchem-periodic-summary INPUT_DIR OUTPUT_DIR [--timeout SECONDS]``.
For each input ``NAME`` that is a VASP ``OUTCAR`` or ``vasprun.xml``, a
Quantum ESPRESSO pw.x output or a CP2K output (told by content, whatever its
name), it writes ``NAME.summary.json`` (``schemas/periodic-summary-v1.0.0.json``)
and the final structure with its cell as ``NAME.extxyz``. One VASP OUTCAR
and one vasprun.xml in a run are one calculation: ONE summary, named after
the OUTCAR, with fields from both and ``sources`` saying which came from
which. The contract shared by all processors, and the child process with
its timeout, are in :mod:`._directory` and :mod:`._isolation`.
"""

import sys
from pathlib import Path

from . import _evidence, _grouping, _joined, _periodic_readers, _verdicts
from ._cclib_reasons import ParseFailure
from ._directory import process_groups, run_command
from ._extxyz import extxyz_text
from ._isolation import processor_about, processor_version, source_of
from ._periodic_formats import sniff, sniff_start

PROCESSOR_NAME = "periodic-summary"
SUMMARY_VERSION = 1
DEFAULT_TIMEOUT = 300
GEOMETRY_SUFFIX = ".extxyz"

NOT_PERIODIC = (
    "not an output of a periodic code this processor reads (VASP OUTCAR or "
    "vasprun.xml, Quantum ESPRESSO pw.x, CP2K): upload the program's main output"
)


def _ase_version():
    import ase

    return ase.__version__


def _processor():
    return processor_about(PROCESSOR_NAME, "ase")


def _evidence_program(fmt):
    return "VASP (vasprun.xml)" if fmt.reader == "vasp-xml" else fmt.program


def _vasp_relaxation(settings, evidence, images, last):
    """Relaxation verdict of a VASP run from its settings and last steps
    (``last``: the result fields of the last)."""
    if settings.get("NSW", 0) <= 0 or settings.get("IBRION", -1) not in (1, 2, 3):
        return None
    if "opt_ok" in evidence:
        return _verdicts.optimisation(evidence, len(images))
    ediffg = settings.get("EDIFFG")
    if ediffg is not None and ediffg < 0 and last["max_force"] is not None:
        converged = last["max_force"] <= abs(ediffg)
        return {
            "status": "converged" if converged else "not converged",
            "evidence": f"largest force {last['max_force']:.4f} eV/A against "
            f"EDIFFG = {ediffg:g} after {len(images)} ionic step(s)",
        }
    if ediffg is not None and ediffg > 0 and len(images) > 1:
        first = _periodic_readers.result_fields(images[-2])["energy"]
        second = last["energy"]
        if first is not None and second is not None:
            change = abs(second - first)
            return {
                "status": "converged" if change <= ediffg else "not converged",
                "evidence": f"last energy change {change:.2e} eV against "
                f"EDIFFG = {ediffg:g} after {len(images)} ionic step(s)",
            }
    return _verdicts.optimisation(evidence, len(images))


def _scf_without_statement(evidence, settings):
    """``(converged, text)`` when no convergence line follows the last
    electronic step: a VASP OUTCAR's last loop then ran to NELM steps, or
    the file ends inside it."""
    if "electronic_step" not in evidence:
        return None, "no SCF convergence statement found"
    nelm = settings.get("NELM")
    allowed = f" (NELM = {nelm:g})" if nelm is not None else ""
    return False, (
        f"{evidence.line('electronic_step')}: the last electronic loop ended "
        f"without 'aborting loop because EDIFF is reached'{allowed}"
    )


def read_output(path, geometry=True):
    """``(summary, extxyz_text)`` of a periodic output; raises ParseFailure.
    ``geometry=False`` leaves the text out (``None``) for a caller that
    writes another file's."""
    path = Path(path)
    start = _periodic_readers.read_start(path)
    fmt = sniff_start(start)
    if fmt is None:
        raise ParseFailure(NOT_PERIODIC)
    try:
        images = _periodic_readers.read_images(path, fmt.reader)
    except Exception as exc:
        print(f"{path}: {type(exc).__name__}: {exc}", file=sys.stderr)
        raise ParseFailure(
            f"{fmt.program} {fmt.version} output could not be read: the file may "
            "be cut short or damaged; upload the complete output"
        ) from exc
    if not images:
        raise ParseFailure(f"{fmt.program} {fmt.version} output holds no structure")
    final = images[-1]
    results = _periodic_readers.result_fields(final)
    evidence = _evidence.scan(path, _evidence_program(fmt), first=start)
    settings = {}
    if fmt.program == "VASP":
        settings = _periodic_readers.vasp_settings(start, fmt.reader)
        optimisation = _vasp_relaxation(settings, evidence, images, results)
    else:
        optimisation = _verdicts.optimisation(evidence, 0)
    verdicts = {
        "termination": _verdicts.termination(evidence, _evidence_program(fmt), None),
        "scf": _verdicts.scf(evidence, lambda: _scf_without_statement(evidence, settings)),
        "optimisation": optimisation,
    }
    summary = {
        "summary_version": SUMMARY_VERSION,
        "source": evidence.source or source_of(path),
        "processor": _processor(),
        "reader": {
            "name": "ase" if fmt.reader != "cp2k" else PROCESSOR_NAME,
            "version": _ase_version() if fmt.reader != "cp2k" else processor_version(),
            "format": fmt.reader,
        },
        "program": fmt.program,
        "program_version": fmt.version,
        "ionic_steps": len(images),
        **_periodic_readers.structure_fields(final),
        "kpoints": _periodic_readers.kpoints(start, fmt.reader),
        **results,
        "units": {
            "energy": "eV",
            "length": "angstrom",
            "force": "eV/angstrom",
            "stress": "GPa",
        },
        "verdicts": verdicts,
    }
    not_final = final.info.pop("not_final", None)
    summary["final_structure"] = {
        "written": not_final is None,
        "evidence": not_final or "the last structure the output holds",
    }
    if not_final is not None or not geometry:
        return summary, None
    return summary, extxyz_text(final)


_FROM_VASPRUN = (
    "natom", "formula", "reduced_formula", "cell", "kpoints",
    "energy", "free_energy", "max_force", "stress",
)  # fmt: skip
"""Fields a joined VASP summary takes from vasprun.xml: machine-written, at
full precision. The OUTCAR gives the rest: version, ionic steps and the
verdicts (its timing block, "reached required accuracy")."""


def read_vasp_pair(outcar, vasprun):
    """One summary of a VASP OUTCAR and the vasprun.xml of the same run."""
    outcar, vasprun = Path(outcar), Path(vasprun)
    summary, _ = read_output(outcar, geometry=False)  # vasprun.xml's is written
    xml, extxyz = read_output(vasprun)
    if (summary["formula"], summary["natom"]) != (xml["formula"], xml["natom"]):
        raise ParseFailure(
            f"the OUTCAR ({summary['formula']}) and the vasprun.xml "
            f"({xml['formula']}) are not of the same calculation: start one run "
            "per calculation"
        )
    outcar_energy, fields = summary["energy"], {}
    for key in _FROM_VASPRUN:
        if xml.get(key) is not None:
            summary[key] = xml[key]
            fields[key] = {"file": vasprun.name}
    members = [(outcar, _grouping.VASP_OUTCAR), (vasprun, _grouping.VASP_XML)]
    summary["sources"] = _joined.sources(
        members, fields, {outcar: summary["source"], vasprun: xml["source"]}
    )
    if outcar_energy is not None and xml["energy"] is not None:
        difference = abs(outcar_energy - xml["energy"])
        summary["sources"]["agreement"] = {"energy_difference": difference}
    return summary, extxyz


def _describe(exc, args):
    return f"the file could not be read ({type(exc).__name__})"


def process_directory(input_dir, output_dir, timeout=DEFAULT_TIMEOUT, reader=read_output):
    """Summarise every input (a VASP pair as one) of ``input_dir``; the manifest."""

    def grouper(inputs):
        formats = {p: sniff(p) for p in inputs}
        return _grouping.vasp_groups(inputs, formats, reader, read_vasp_pair)

    return process_groups(
        input_dir, output_dir, timeout, grouper, _describe, GEOMETRY_SUFFIX, _processor()
    )


def main(argv=None):
    """Console entry point; returns the exit code (0 ok, 1 failures, 2 usage)."""
    return run_command(
        argv,
        "compchem-periodic-summary",
        "Summarise periodic DFT outputs (VASP, Quantum ESPRESSO, CP2K).",
        process_directory,
        DEFAULT_TIMEOUT,
    )


if __name__ == "__main__":
    sys.exit(main())
