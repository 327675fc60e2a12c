# SPDX-License-Identifier: MIT
"""Tests of the cclib-summary processor against real program outputs.

Expected values come from cclib itself, so the tests check that the
processor reports what cclib reads, not numbers copied from a run.
"""

import json
import logging
import os
import shutil
import time
from pathlib import Path

import pytest
from cclib.io import ccread
from cclib.method import Nuclear
from cclib.parser.utils import convertor

from invenio_compchem_processor.processors._cclib_fields import hill_formula
from invenio_compchem_processor.processors.cclib_summary import (
    ParseFailure,
    main,
    process_directory,
    summarize,
)

DATA = Path(__file__).parent.parent / "data" / "compchem"
SAMPLES = sorted(p.name for p in DATA.iterdir() if p.suffix in (".out", ".log"))
UNSUPPORTED = [name for name in SAMPLES if name.startswith("orca6-")]


def _run(tmp_path, *names, args=()):
    """Copy samples to a fresh input dir, run the CLI; return (rc, manifest, out)."""
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for name in names:
        shutil.copy(DATA / name, inp / name)
    rc = main([str(inp), str(out), *args])
    manifest = json.loads((out / "results.json").read_text())
    return rc, manifest, out


def _entry(manifest, name):
    (entry,) = [e for e in manifest["results"] if e["input"] == name]
    return entry


def _blocking_reader(path):
    """Stands in for a parser that never returns (runs in the child)."""
    time.sleep(120)


def _crashing_reader(path):
    """Stands in for a parser that kills its process (e.g. a segfault)."""
    os._exit(3)


def test_samples_present():
    assert len(SAMPLES) == 9 and len(UNSUPPORTED) == 2


@pytest.mark.parametrize("name", [n for n in SAMPLES if n not in UNSUPPORTED])
def test_sample_summary_matches_cclib(tmp_path, name):
    rc, manifest, out = _run(tmp_path, name)
    assert rc == 0
    entry = _entry(manifest, name)
    assert entry["status"] == "succeeded"
    assert entry["outputs"] == [f"{name}.summary.json", f"{name}.xyz"]

    data = ccread(str(DATA / name), loglevel=logging.ERROR)
    summary = json.loads((out / f"{name}.summary.json").read_text())
    assert summary["program"] == data.metadata["package"]
    assert summary["program_version"] == data.metadata["package_version"]
    assert summary["natom"] == data.natom
    assert summary["formula"] == Nuclear(data).stoichiometry()  # neutral samples
    energies = summary["energies"]
    assert energies["unit"] == "hartree"
    assert energies["scf"] == pytest.approx(
        convertor(data.scfenergies[-1], "eV", "hartree"), abs=1e-9
    )
    if hasattr(data, "mpenergies"):
        expected = convertor(data.mpenergies[-1][0], "eV", "hartree")
        assert energies["mp2"] == pytest.approx(expected, abs=1e-9)
    assert summary["charge"] == data.charge
    assert summary["multiplicity"] == data.mult
    assert summary["success"] is True
    assert summary["source"]["filename"] == name
    assert len(summary["source"]["sha256"]) == 64
    assert summary["processor"]["name"] == "cclib-summary"
    if hasattr(data, "vibfreqs"):
        assert summary["vibrations"]["count"] == len(data.vibfreqs)

    lines = (out / f"{name}.xyz").read_text().splitlines()
    assert int(lines[0]) == data.natom
    assert len(lines) == data.natom + 2
    atoms = [line.split() for line in lines[2:]]
    assert all(len(atom) == 4 for atom in atoms)
    assert [float(v) for v in atoms[-1][1:]] == pytest.approx(
        list(data.atomcoords[-1][-1]), abs=1e-6
    )


@pytest.mark.parametrize("name", UNSUPPORTED)
def test_orca6_fails_with_clear_reason(tmp_path, name, capfd):
    rc, manifest, out = _run(tmp_path, name)
    assert rc == 1
    entry = _entry(manifest, name)
    assert entry["status"] == "failed"
    assert entry["outputs"] == []
    assert "ORCA 6" in entry["reason"]
    assert "does not support this ORCA version" in entry["reason"]
    assert "\n" not in entry["reason"]
    assert not (out / f"{name}.summary.json").exists()
    captured = capfd.readouterr()
    assert f"[1/1] {name}: failed: ORCA 6" in captured.out
    assert "Traceback" not in captured.out + captured.err


def test_multiple_files(tmp_path, capfd):
    names = ["gaussian16-water_mp2.log", "orca6-dvb_ir.out", "psi4-water_mp2.out"]
    rc, manifest, out = _run(tmp_path, *names)
    assert rc == 1
    assert [e["input"] for e in manifest["results"]] == sorted(names)
    assert [e["status"] for e in manifest["results"]] == [
        "succeeded",
        "failed",
        "succeeded",
    ]
    assert (manifest["succeeded"], manifest["failed"]) == (2, 1)
    assert (out / "psi4-water_mp2.out.xyz").exists()
    stdout = capfd.readouterr().out.splitlines()
    assert stdout[0] == "[1/3] gaussian16-water_mp2.log: ok"
    assert stdout[2] == "[3/3] psi4-water_mp2.out: ok"


def test_garbage_file(tmp_path, capfd):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    (inp / "notes.out").write_text("Dear reviewer,\nthe energies are in table 2.\n")
    (inp / "random.log").write_bytes(os.urandom(4096))
    assert main([str(inp), str(out)]) == 1
    manifest = json.loads((out / "results.json").read_text())
    for entry in manifest["results"]:
        assert entry["status"] == "failed"
        assert entry["reason"].startswith(
            "not a recognised computational chemistry output"
        )
    assert "Traceback" not in "".join(capfd.readouterr())


def test_timeout_of_blocking_parser(tmp_path, capfd):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(DATA / "psi4-water_mp2.out", inp)
    started = time.monotonic()
    manifest = process_directory(inp, out, timeout=0.5, reader=_blocking_reader)
    assert time.monotonic() - started < 10
    (entry,) = manifest["results"]
    assert entry["status"] == "failed"
    assert entry["reason"] == "parsing took longer than 0.5 s"
    assert "psi4-water_mp2.out: failed: parsing took longer" in capfd.readouterr().out


def test_crashing_parser(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(DATA / "psi4-water_mp2.out", inp)
    manifest = process_directory(inp, tmp_path / "out", reader=_crashing_reader)
    assert manifest["results"][0]["reason"] == "the parser crashed (exit code 3)"


def test_timeout_option(tmp_path):
    name = "gaussian16-dvb_gopt.out"
    rc, manifest, _ = _run(tmp_path, name, args=["--timeout", "0.001"])
    assert rc == 1
    assert _entry(manifest, name)["reason"] == ("parsing took longer than 0.001 s")


def test_non_regular_files_are_skipped(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(DATA / "psi4-water_mp2.out", inp)
    os.mkfifo(inp / "pipe.out")  # would block a reader forever
    (inp / "subdir").mkdir()
    assert main([str(inp), str(out)]) == 0
    manifest = json.loads((out / "results.json").read_text())
    assert [e["input"] for e in manifest["results"]] == ["psi4-water_mp2.out"]


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["only-one"],
        ["{missing}", "{out}"],
        ["{empty}", "{out}"],
        ["{empty}", "{out}", "--timeout", "0"],
        ["{empty}", "{out}", "--timeout", "inf"],
    ],
)
def test_usage_errors(tmp_path, args):
    (tmp_path / "empty").mkdir()
    paths = {k: str(tmp_path / k) for k in ("missing", "out", "empty")}
    assert main([a.format(**paths) for a in args]) == 2
    assert not (tmp_path / "out" / "results.json").exists()


def test_summarize_directly():
    summary = summarize(DATA / "nwchem7-water_mp2.out")
    assert (summary["program"], summary["formula"]) == ("NWChem", "H2O")
    assert summary["methods"] == ["HF", "MP2"]
    with pytest.raises(ParseFailure, match="ORCA 6"):
        summarize(DATA / "orca6-dvb_ir.out")


@pytest.mark.parametrize(
    "symbols, formula",
    [
        (["O", "H", "H"], "H2O"),
        (["Cl", "H", "C", "H", "H"], "CH3Cl"),
        (["N", "C", "Br"], "CBrN"),
        (["Na", "Br"], "BrNa"),
    ],
)
def test_hill_formula(symbols, formula):
    assert hill_formula(symbols) == formula
