# SPDX-License-Identifier: MIT
"""The ``periodic-summary`` processor: periodic DFT outputs, read with ASE.

Usage: ``compchem-periodic-summary INPUT_DIR OUTPUT_DIR [--timeout SECONDS]``.
For each input ``NAME`` that is a VASP ``OUTCAR`` or ``vasprun.xml``, a
Quantum ESPRESSO pw.x output or a CP2K output (told by content, whatever its
name), it writes ``NAME.summary.json`` (``schemas/periodic-summary-v1.0.0.json``)
and the final structure with its cell as ``NAME.extxyz``. The contract
shared by all processors, and the child process with its timeout, are those
of :mod:`.cclib_summary`.
"""

import hashlib
import io
import sys
from pathlib import Path

from . import _evidence, _periodic_readers, _verdicts
from ._cclib_reasons import ParseFailure
from ._periodic_formats import sniff
from .cclib_summary import process_directory, processor_version, run_command

PROCESSOR_NAME = "periodic-summary"
SUMMARY_VERSION = 1
GEOMETRY_SUFFIX = ".extxyz"

NOT_PERIODIC = (
    "not an output of a periodic code this processor reads (VASP OUTCAR or "
    "vasprun.xml, Quantum ESPRESSO pw.x, CP2K): upload the program's main output"
)


def _ase_version():
    import ase

    return ase.__version__


def _processor():
    return {
        "name": PROCESSOR_NAME,
        "version": processor_version(),
        "ase_version": _ase_version(),
    }


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fp:
        for block in iter(lambda: fp.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _evidence_program(fmt):
    return "VASP (vasprun.xml)" if fmt.reader == "vasp-xml" else fmt.program


def _vasp_relaxation(path, fmt, evidence, images):
    """Relaxation verdict of a VASP run from its settings and last steps."""
    settings = _periodic_readers.vasp_settings(path, fmt.reader)
    if settings.get("NSW", 0) <= 0 or settings.get("IBRION", -1) not in (1, 2, 3):
        return None
    if "opt_ok" in evidence:
        return _verdicts.optimisation(evidence, len(images))
    ediffg = settings.get("EDIFFG")
    last = _periodic_readers.result_fields(images[-1])
    if ediffg is not None and ediffg < 0 and last["max_force"] is not None:
        converged = last["max_force"] <= abs(ediffg)
        return {
            "status": "converged" if converged else "not converged",
            "evidence": f"largest force {last['max_force']:.4f} eV/A against "
            f"EDIFFG = {ediffg:g} after {len(images)} ionic step(s)",
        }
    if ediffg is not None and ediffg > 0 and len(images) > 1:
        first, second = (
            _periodic_readers.result_fields(images[i])["energy"] for i in (-2, -1)
        )
        if first is not None and second is not None:
            change = abs(second - first)
            return {
                "status": "converged" if change <= ediffg else "not converged",
                "evidence": f"last energy change {change:.2e} eV against "
                f"EDIFFG = {ediffg:g} after {len(images)} ionic step(s)",
            }
    return _verdicts.optimisation(evidence, len(images))


def read_output(path):
    """``(summary, extxyz_text)`` of a periodic output; raises ParseFailure."""
    import ase.io

    path = Path(path)
    fmt = sniff(path)
    if fmt is None:
        raise ParseFailure(NOT_PERIODIC)
    try:
        if fmt.reader == "cp2k":
            images = _periodic_readers.read_cp2k(path)
        else:
            images = _periodic_readers.read_ase(path, fmt.reader)
    except Exception as exc:
        print(f"{path}: {type(exc).__name__}: {exc}", file=sys.stderr)
        raise ParseFailure(
            f"{fmt.program} {fmt.version} output could not be read: the file may "
            "be cut short or damaged; upload the complete output"
        ) from exc
    if not images:
        raise ParseFailure(f"{fmt.program} {fmt.version} output holds no structure")
    final = images[-1]
    evidence = _evidence.scan(path, _evidence_program(fmt))
    if fmt.program == "VASP":
        optimisation = _vasp_relaxation(path, fmt, evidence, images)
    else:
        optimisation = _verdicts.optimisation(evidence, 0)
    verdicts = {
        "termination": _verdicts.termination(evidence, _evidence_program(fmt), None),
        "scf": _verdicts.scf(
            evidence, lambda: (None, "no SCF convergence statement found")
        ),
        "optimisation": optimisation,
    }
    summary = {
        "summary_version": SUMMARY_VERSION,
        "source": {
            "filename": path.name,
            "sha256": _sha256(path),
            "size": path.stat().st_size,
        },
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
        "kpoints": _periodic_readers.kpoints(path, fmt.reader),
        **_periodic_readers.result_fields(final),
        "units": {
            "energy": "eV",
            "length": "angstrom",
            "force": "eV/angstrom",
            "stress": "GPa",
        },
        "verdicts": verdicts,
    }
    text = io.StringIO()
    ase.io.write(text, final, format="extxyz")
    return summary, text.getvalue()


def main(argv=None):
    """Console entry point; returns the exit code (0 ok, 1 failures, 2 usage)."""
    return run_command(
        argv,
        "compchem-periodic-summary",
        "Summarise periodic DFT outputs (VASP, Quantum ESPRESSO, CP2K).",
        lambda input_dir, output_dir, timeout: process_directory(
            input_dir,
            output_dir,
            timeout,
            reader=read_output,
            processor=_processor(),
            geometry_suffix=GEOMETRY_SUFFIX,
        ),
    )


if __name__ == "__main__":
    sys.exit(main())
