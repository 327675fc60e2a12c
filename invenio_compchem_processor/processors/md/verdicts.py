# SPDX-License-Identifier: MIT
"""Quality verdicts of a simulation, each with the evidence it rests on.

A verdict is ``passed``, ``failed``, ``warning`` or ``not_checked`` (the
files of the run do not hold what the check needs, and the evidence says
what is missing). Thresholds are module constants, stated in every verdict.
"""

import math

TEMPERATURE_TOLERANCE_K = 5.0
"""Largest |mean temperature - reference| that always passes, in K."""

STANDARD_ERRORS = 3.0
"""A mean within this many standard errors (std / sqrt(frames)) of the
reference passes too: a short or small run fluctuates more than the fixed
tolerances allow, and that is noise, not a wrong ensemble."""

PRESSURE_TOLERANCE_BAR = 100.0
"""Largest |mean pressure - reference| that always passes, in bar.

Instantaneous pressure fluctuates by hundreds of bar in a few-nm box, so
only a mean far from the target means a problem.
"""

DRIFT_TOLERANCE = 0.01
"""Largest |conserved-energy drift| that passes, in kJ/mol/ps per atom.

GROMACS sizes its pair-list buffer for a drift of 0.005 (its default
``verlet-buffer-tolerance``); twice that is a run whose energy leaks.
"""

MIN_DRIFT_FRAMES = 3
"""Energy frames needed before a drift is fitted."""


def _verdict(check, status, evidence, threshold=None):
    return {
        "check": check,
        "status": status,
        "evidence": evidence,
        "threshold": threshold,
    }


def _end_time(summary):
    times = [
        section.get("last_time_ps")
        for section in (summary.get("trajectory"), summary.get("energies"))
        if section and section.get("last_time_ps") is not None
    ]
    return max(times) if times else None


def finished(summary):
    """Verdict: did the simulation run all its steps (the last time written)."""
    run = summary.get("run") or {}
    dt, steps = run.get("time_step_ps"), run.get("steps")
    if dt is None or steps is None:
        return _verdict(
            "finished", "not_checked", "no run input with time step and steps"
        )
    expected = (run.get("initial_time_ps") or 0.0) + run.get("simulated_time_ps")
    reached = _end_time(summary)
    if reached is None:
        return _verdict(
            "finished",
            "not_checked",
            "no trajectory or energy file to see how far it ran",
        )
    intervals = [
        s.get("frame_interval_ps")
        for s in (summary.get("trajectory") or {},)
        if s.get("frame_interval_ps")
    ]
    tolerance = max(intervals + [dt]) + 1e-6
    evidence = (
        f"last time written {reached:g} ps; the run input asks for {steps} steps"
        f" of {dt:g} ps, ending at {expected:g} ps"
    )
    status = "passed" if reached >= expected - tolerance else "failed"
    if status == "failed":
        evidence += " (stopped early, or the files were cut)"
    return _verdict("finished", status, evidence, f"within {tolerance:g} ps of the end")


def _mean_reference(values):
    values = [v for v in values or [] if v is not None and math.isfinite(v)]
    return sum(values) / len(values) if values else None


def _target_check(summary, check, term, coupling, key, tolerance, unit):
    run = summary.get("run") or {}
    energies = (summary.get("energies") or {}).get("terms") or {}
    coupler = run.get(coupling)
    threshold = f"|mean - reference| <= {tolerance:g} {unit}"
    if not run:
        return _verdict(check, "not_checked", "no run input or .mdp with the target")
    if not coupler:
        return _verdict(check, "not_checked", f"the run has no {coupling}", threshold)
    reference = _mean_reference(coupler.get(key))
    statistics = energies.get(term) or {}
    mean = statistics.get("mean")
    if reference is None or mean is None:
        missing = "reference" if reference is None else f"'{term}' energy term"
        return _verdict(check, "not_checked", f"no {missing} in the files", threshold)
    frames = (summary.get("energies") or {}).get("frames") or 1
    error = (statistics.get("std") or 0.0) / math.sqrt(frames)
    allowed = max(tolerance, STANDARD_ERRORS * error)
    status = "passed" if abs(mean - reference) <= allowed else "failed"
    evidence = (
        f"mean {term.lower()} {mean:.2f} {unit} over {frames} frames"
        f" (standard error {error:.2f} {unit}), reference {reference:g} {unit}"
    )
    threshold = (
        f"|mean - reference| <= max({tolerance:g} {unit},"
        f" {STANDARD_ERRORS:g} standard errors) = {allowed:.2f} {unit}"
    )
    return _verdict(check, status, evidence, threshold)


def temperature(summary):
    """Verdict: is the mean temperature near the thermostat's reference."""
    return _target_check(
        summary,
        "temperature",
        "Temperature",
        "thermostat",
        "reference_temperature_K",
        TEMPERATURE_TOLERANCE_K,
        "K",
    )


def pressure(summary):
    """Verdict: is the mean pressure near the barostat's reference."""
    return _target_check(
        summary,
        "pressure",
        "Pressure",
        "barostat",
        "reference_pressure_bar",
        PRESSURE_TOLERANCE_BAR,
        "bar",
    )


def energy_drift(summary):
    """Verdict: does the conserved energy drift more than :data:`DRIFT_TOLERANCE`."""
    energies = summary.get("energies") or {}
    terms = energies.get("terms") or {}
    atoms = (summary.get("system") or {}).get("atoms")
    threshold = f"|drift| <= {DRIFT_TOLERANCE:g} kJ/mol/ps per atom"
    term = "Conserved En." if "Conserved En." in terms else "Total Energy"
    if term not in terms:
        return _verdict("energy_drift", "not_checked", "no energy file", threshold)
    if energies.get("frames", 0) < MIN_DRIFT_FRAMES or not atoms:
        why = "too few energy frames" if atoms else "no topology for the atom count"
        return _verdict("energy_drift", "not_checked", why, threshold)
    slope = terms[term].get("drift_per_ps")
    if slope is None:
        return _verdict("energy_drift", "not_checked", "no time span to fit", threshold)
    per_atom = slope / atoms
    status = "passed" if abs(per_atom) <= DRIFT_TOLERANCE else "failed"
    evidence = (
        f"'{term}' changes {slope:.4g} kJ/mol/ps from first to last of"
        f" {energies['frames']} frames,"
        f" {per_atom:.3g} kJ/mol/ps per atom for {atoms} atoms"
    )
    return _verdict("energy_drift", status, evidence, threshold)


def net_charge(summary):
    """Verdict: is the system neutral; a charged periodic system is worth a look."""
    charge = (summary.get("system") or {}).get("charge")
    if not charge:
        return _verdict("net_charge", "not_checked", "the topology holds no charges")
    evidence = f"total charge {charge['total_e']:g} e"
    status = "passed" if charge["neutral"] else "warning"
    return _verdict("net_charge", status, evidence, "|total charge| <= 0.001 e")


CHECKS = (finished, temperature, pressure, energy_drift, net_charge)


def verdicts(summary):
    """Every verdict of a summary, in a stable order."""
    return [check(summary) for check in CHECKS]
