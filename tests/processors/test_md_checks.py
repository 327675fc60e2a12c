# SPDX-License-Identifier: MIT
"""Verdicts and run parameters of the md-summary processor on real runs.

generated/nacl.* is a finished 10 ps GROMACS run, cut.* the same run input
stopped after 1000 of 5000 steps (see tests/data/md/generated/make-nacl.sh).
Expected values are those GROMACS printed: nacl.log and cut.log (mdrun's
"Conserved energy drift"), reference-gmx-2022.5.txt (gmx energy, gmx check)
and nacl.tpr.gmx-dump.txt.
"""

import pytest
from test_md_samples import GENERATED, MDA, needs_gmx, run_processor, summary

from invenio_compchem_processor.processors.md import verdicts as checks
from invenio_compchem_processor.processors.md.run_parameters import (
    parse_dump,
    parse_mdp,
    run_section,
)


def _by_check(document):
    return {v["check"]: v for v in document["verdicts"]}


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory):
    files = {
        name: GENERATED / name
        for name in ("nacl.tpr", "nacl.xtc", "nacl.edr", "topol.top")
    }
    return run_processor(tmp_path_factory.mktemp("nacl"), files)


@pytest.fixture(scope="module")
def stopped_run(tmp_path_factory):
    files = {
        "cut.tpr": GENERATED / "nacl.tpr",
        "cut.xtc": GENERATED / "cut.xtc",
        "cut.edr": GENERATED / "cut.edr",
    }
    return run_processor(tmp_path_factory.mktemp("cut"), files)


@needs_gmx
def test_finished_run_passes_every_check(finished_run):
    rc, manifest, out = finished_run
    assert rc == 0 and manifest["succeeded"] == 4
    document = summary(out, "nacl.tpr")
    verdicts = _by_check(document)
    assert {k: v["status"] for k, v in verdicts.items()} == {
        "finished": "passed",
        "temperature": "passed",
        "pressure": "passed",
        "energy_drift": "passed",
        "net_charge": "passed",
    }
    assert document["success"] is True
    # gmx check: 51 frames, last at 10 ps; the run input: 5000 steps of 0.002 ps
    assert "last time written 10 ps" in verdicts["finished"]["evidence"]
    assert "5000 steps of 0.002 ps, ending at 10 ps" in verdicts["finished"]["evidence"]
    # gmx energy: Temperature average 301.892 K, Pressure average -163.657 bar
    assert (
        "mean temperature 301.89 K over 51 frames"
        in verdicts["temperature"]["evidence"]
    )
    assert "mean pressure -163.66 bar" in verdicts["pressure"]["evidence"]


@needs_gmx
def test_drift_is_the_one_mdrun_prints(finished_run, stopped_run):
    # nacl.log: "Conserved energy drift: 9.56e-03 kJ/mol/ps per atom"
    # cut.log:  "Conserved energy drift: 3.23e-02 kJ/mol/ps per atom"
    finished = _by_check(summary(finished_run[2], "nacl.tpr"))["energy_drift"]
    stopped = _by_check(summary(stopped_run[2], "cut.tpr"))["energy_drift"]
    assert "0.00956 kJ/mol/ps per atom for 1522 atoms" in finished["evidence"]
    assert finished["status"] == "passed"
    assert "0.0323 kJ/mol/ps per atom" in stopped["evidence"]
    assert stopped["status"] == "failed"


@needs_gmx
def test_stopped_run_is_seen_as_unfinished(stopped_run):
    rc, _, out = stopped_run
    document = summary(out, "cut.tpr")
    verdict = _by_check(document)["finished"]
    # gmx check -f cut.xtc: 11 frames every 0.2 ps, so the last is at 2 ps
    assert document["trajectory"]["frames"] == 11
    assert verdict["status"] == "failed" and document["success"] is False
    assert verdict["evidence"].startswith("last time written 2 ps;")
    assert verdict["evidence"].endswith("(stopped early, or the files were cut)")


def test_nacl_system(finished_run):
    system = summary(finished_run[2], "nacl.tpr")["system"]
    # topol.top [ molecules ]: SOL 506, NA 2, CL 2 -> 506 * 3 + 4 atoms
    assert system["atoms"] == 1522
    assert system["molecules"]["water"] == 506 and system["molecules"]["ion"] == 4
    assert [(t["name"], t["count"]) for t in system["molecule_types"]] == [
        ("SOL", 506),
        ("NA", 2),
        ("CL", 2),
    ]
    assert system["charge"] == {"total_e": 0.0, "neutral": True}


def test_run_parameters_from_the_gmx_dump_text():
    lines = (GENERATED / "nacl.tpr.gmx-dump.txt").read_text().splitlines()
    run = run_section(parse_dump(iter(lines)), "gmx dump")
    assert run["integrator"] == "md" and run["time_step_ps"] == 0.002
    assert run["steps"] == 5000 and run["simulated_time_ps"] == 10.0
    assert run["thermostat"]["algorithm"] == "V-rescale"
    assert run["thermostat"]["reference_temperature_K"] == [300.0]
    assert run["barostat"]["algorithm"] == "C-rescale"
    assert run["barostat"]["reference_pressure_bar"] == [1.0, 1.0, 1.0]
    assert run["electrostatics"] == "PME" and run["cutoffs"]["coulomb_nm"] == 1.0


def test_mdp_gives_the_same_parameters_as_the_tpr():
    from_mdp = run_section(parse_mdp((GENERATED / "md.mdp").read_text()), "mdp")
    lines = (GENERATED / "nacl.tpr.gmx-dump.txt").read_text().splitlines()
    from_tpr = run_section(parse_dump(iter(lines)), "gmx dump")
    for key in (
        "integrator",
        "time_step_ps",
        "steps",
        "simulated_time_ps",
        "electrostatics",
    ):
        assert from_mdp[key] == from_tpr[key], key
    assert from_mdp["thermostat"]["reference_temperature_K"] == [300.0]
    assert from_mdp["thermostat"]["algorithm"].lower() == "v-rescale"
    assert from_mdp["barostat"]["reference_pressure_bar"] == [1.0]
    assert from_mdp["constraints"]["constrained"] == "h-bonds"


def test_energies_with_mdp_only_check_temperature_but_not_drift(tmp_path):
    files = {"md.mdp": GENERATED / "md.mdp", "md.edr": GENERATED / "nacl.edr"}
    rc, manifest, out = run_processor(tmp_path, files)
    assert rc == 0
    document = summary(out, "md.edr")  # first in name order: it names the simulation
    verdicts = _by_check(document)
    assert document["run"]["source"] == "mdp" and document["system"] is None
    assert verdicts["temperature"]["status"] == "passed"
    assert verdicts["energy_drift"] == {
        "check": "energy_drift",
        "status": "not_checked",
        "evidence": "no topology for the atom count",
        "threshold": "|drift| <= 0.01 kJ/mol/ps per atom",
    }
    assert verdicts["net_charge"]["status"] == "not_checked"


def test_thresholds_decide_at_their_edges():
    run = {"thermostat": {"reference_temperature_K": [300.0]}, "barostat": None}

    def temperature(mean, std=0.0, frames=100):
        energies = {
            "frames": frames,
            "terms": {"Temperature": {"mean": mean, "std": std}},
        }
        return checks.temperature({"run": run, "energies": energies})["status"]

    assert temperature(305.0) == "passed" and temperature(305.1) == "failed"
    # 3 standard errors of a noisy short run widen the band: 3 * 20 / sqrt(4) = 30 K
    assert temperature(329.0, std=20.0, frames=4) == "passed"
    assert checks.pressure({"run": run, "energies": {}})["status"] == "not_checked"
    charged = {"system": {"charge": {"total_e": -1.0, "neutral": False}}}
    assert checks.net_charge(charged)["status"] == "warning"
    assert checks.net_charge(charged)["evidence"] == "total charge -1 e"


def test_timeout_ends_in_one_line(tmp_path):
    from invenio_compchem_processor.processors import md_summary

    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "w.gro").write_bytes((MDA / "two_water_gro.gro").read_bytes())
    manifest = md_summary.process_directory(
        inp, tmp_path / "out", timeout=1, reader=_sleeps
    )
    assert manifest["results"][0]["reason"] == "reading took longer than 1 s"


def _sleeps(simulation):
    import time

    time.sleep(60)
