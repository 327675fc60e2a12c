# SPDX-License-Identifier: MIT
"""Run parameters of a GROMACS run, from ``gmx dump`` of a ``.tpr`` or an ``.mdp``.

MDAnalysis reads a ``.tpr``'s topology but not its input record (integrator,
time step, coupling, cut-offs), so those come from GROMACS itself: ``gmx
dump -s`` prints the input record first, and only that part is read before
the program is stopped (the topology that follows can be millions of lines).
An ``.mdp`` holds the same names as ``key = value`` lines, so both sources
end in one normaliser, :func:`run_section`. Units are GROMACS's: ps, nm, K,
bar.
"""

import math
import re
import shutil
import subprocess

from .reasons import ReadFailure, one_line

GMX_TIMEOUT = 120
"""Seconds ``gmx dump`` may take to print a run input's parameters."""

_VALUE_LINE = re.compile(r"^\s{3}([A-Za-z][\w-]*(?:\[\d\])?)\s*=\s*(.*?)\s*$")
_GROUP_LINE = re.compile(r"^\s{3}(ref-t|tau-t|nrdf):\s*(.*)$")
_MATRIX_ROW = re.compile(r"^\s+(ref-p|compressibility)\[\s*(\d)\]=\{(.*)\}")
_OFF = ("no", "false", "")


def _key(name):
    return name.strip().lower().replace("_", "-")


def parse_mdp(text):
    """Values of an ``.mdp`` file by normalised key (``ref_t`` -> ``ref-t``)."""
    values = {}
    for line in text.splitlines():
        line = line.split(";", 1)[0]
        if "=" in line:
            key, value = line.split("=", 1)
            values[_key(key)] = value.strip()
    return values


def parse_dump(lines):
    """Values of the input record printed by ``gmx dump -s``, by key.

    Reads ``lines`` (an iterator) only up to the end of the input record.
    ``ref-p`` and ``compressibility`` become the three diagonal values.
    """
    values, matrices = {}, {}
    started = False
    for line in lines:
        if line.startswith("inputrec:"):
            started = True
            continue
        if not started:
            continue
        if line.startswith(("header:", "topology:")):
            break
        row = _MATRIX_ROW.match(line)
        if row:
            cells = [c.strip() for c in row.group(3).split(",")]
            matrices.setdefault(row.group(1), {})[int(row.group(2))] = cells
            continue
        match = _GROUP_LINE.match(line) or _VALUE_LINE.match(line)
        if match:
            values.setdefault(_key(match.group(1)), match.group(2).strip())
    for name, rows in matrices.items():
        diagonal = [rows[i][i] for i in range(3) if i in rows and len(rows[i]) > i]
        values[name] = " ".join(diagonal)
    if not started:
        raise ReadFailure("gmx dump printed no input record")
    return values


def read_tpr_parameters(path, gmx=None, timeout=GMX_TIMEOUT):
    """``(values, gmx version used)`` of a ``.tpr``'s input record via ``gmx dump``.

    Raises :class:`ReadFailure` when GROMACS is not installed or refuses the
    file (for example a ``.tpr`` written by a newer GROMACS).
    """
    gmx = gmx or shutil.which("gmx") or shutil.which("gmx_d")
    if not gmx:
        raise ReadFailure("run parameters need GROMACS's gmx, not installed here")
    process = subprocess.Popen(
        [gmx, "-quiet", "dump", "-s", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        errors="replace",
    )
    try:
        values = parse_dump(process.stdout)
    except ReadFailure:
        values = None
    finally:
        process.stdout.close()
        process.kill()  # the topology that follows is not needed
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        errors = ""
    if values is None:
        raise ReadFailure(f"gmx dump could not read the run input: {_fatal(errors)}")
    return values, gmx_version(gmx)


def _fatal(errors):
    """The ``Fatal error:`` paragraph of GROMACS's stderr, on one line."""
    if "Fatal error:" in errors:
        text = errors.split("Fatal error:", 1)[1].split("\n\n", 1)[0]
        return one_line(text)
    return one_line(errors.strip().splitlines()[-1] if errors.strip() else "no output")


def gmx_version(gmx):
    """Version string of the ``gmx`` program, e.g. ``2022.5-Debian_2022.5_2``."""
    try:
        output = subprocess.run(
            [gmx, "-quiet", "--version"],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"GROMACS version:\s*(\S+)", output)
    return match.group(1) if match else None


def _number(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _numbers(value):
    if value is None:
        return []
    return [n for n in (_number(v) for v in str(value).split()) if n is not None]


def _integer(value):
    number = _number(value)
    return int(number) if number is not None else None


def _off(value):
    return value is None or str(value).strip().lower() in _OFF


def _thermostat(values):
    integrator = (values.get("integrator") or "md").lower()
    algorithm = values.get("tcoupl")
    if integrator in ("sd", "bd"):
        algorithm = f"{integrator} integrator (stochastic)"
    elif _off(algorithm):
        return None
    return {
        "algorithm": algorithm,
        "reference_temperature_K": _numbers(values.get("ref-t")),
        "time_constant_ps": _numbers(values.get("tau-t")),
    }


def _barostat(values):
    algorithm = values.get("pcoupl")
    if _off(algorithm):
        return None
    return {
        "algorithm": algorithm,
        "coupling_type": values.get("pcoupltype"),
        "reference_pressure_bar": _numbers(values.get("ref-p")),
        "time_constant_ps": _number(values.get("tau-p")),
    }


def run_section(values, source):
    """The summary's ``run`` section from input-record ``values``.

    ``source`` says where the values come from (``"gmx dump"``, ``"mdp"``).
    """
    integrator = values.get("integrator")
    dt = _number(values.get("dt") or values.get("delta-t"))
    steps = _integer(values.get("nsteps"))
    dynamics = (integrator or "md").lower() in ("md", "md-vv", "md-vv-avek", "sd", "bd")
    simulated = None
    if dynamics and dt is not None and steps is not None and steps >= 0:
        simulated = round(dt * steps, 9)
    return {
        "source": source,
        "integrator": integrator,
        "time_step_ps": dt if dynamics else None,
        "steps": steps if steps is None or steps >= 0 else None,
        "unlimited_steps": steps == -1,
        "initial_time_ps": _number(values.get("tinit")),
        "simulated_time_ps": simulated,
        "thermostat": _thermostat(values),
        "barostat": _barostat(values),
        "electrostatics": values.get("coulombtype"),
        "van_der_waals": values.get("vdw-type") or values.get("vdwtype"),
        "cutoffs": {
            "scheme": values.get("cutoff-scheme"),
            "coulomb_nm": _number(values.get("rcoulomb")),
            "van_der_waals_nm": _number(values.get("rvdw")),
            "neighbour_list_nm": _number(values.get("rlist")),
        },
        "constraints": {
            "algorithm": values.get("constraint-algorithm"),
            "constrained": values.get("constraints"),
        },
        "periodic_boundaries": values.get("pbc"),
        "output_interval_steps": {
            "coordinates": _integer(values.get("nstxout")),
            "compressed_coordinates": _integer(
                values.get("nstxout-compressed") or values.get("nstxtcout")
            ),
            "energies": _integer(values.get("nstenergy")),
        },
    }
