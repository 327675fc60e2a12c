# SPDX-License-Identifier: MIT
"""Tests of the cclib-summary processor's contract on real program outputs.

The chemistry of the fields is checked against the files' printed values in
``test_chemistry_values.py`` and ``test_quality_verdicts.py``.
"""

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from invenio_compchem_processor.processors._cclib_fields import hill_formula
from invenio_compchem_processor.processors.cclib_summary import (
    ParseFailure,
    main,
    process_directory,
    summarize,
)

DATA = Path(__file__).parent.parent / "data" / "compchem"
SAMPLES = sorted(
    p.name for p in DATA.iterdir() if p.suffix in (".out", ".log", ".fchk", ".inp")
)
REFUSED = {
    "gamess2018-water_mp2.inp": "this is a GAMESS input file, not an output",
    "molpro2012-dvb_gopt.log": "this is a Molpro log file",
    "gaussian16-header-garbage.out": (
        "Gaussian 16 Rev. A.03 output: the file ends before the calculation finished"
    ),
}
READABLE = [name for name in SAMPLES if name not in REFUSED]


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
    assert len(SAMPLES) == 34 and set(REFUSED) <= set(SAMPLES)


@pytest.mark.parametrize("name", READABLE)
def test_readable_sample(tmp_path, name):
    rc, manifest, out = _run(tmp_path, name)
    assert rc == 0
    entry = _entry(manifest, name)
    assert entry["status"] == "succeeded"
    summary = json.loads((out / f"{name}.summary.json").read_text())
    assert summary["source"]["filename"] == name
    assert summary["source"]["size"] == (DATA / name).stat().st_size
    assert summary["processor"]["name"] == "cclib-summary"
    assert summary["reader"]["name"] == (
        "ase" if name.startswith("orca6-") else "cclib"
    )
    if summary["geometry_written"]:
        assert entry["outputs"] == [f"{name}.summary.json", f"{name}.xyz"]
        lines = (out / f"{name}.xyz").read_text().splitlines()
        assert int(lines[0]) == summary["natom"] == len(lines) - 2
        assert all(len(line.split()) == 4 for line in lines[2:])
    else:
        assert entry["outputs"] == [f"{name}.summary.json"]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_a_reason_to_act_on(tmp_path, name, capfd):
    rc, manifest, out = _run(tmp_path, name)
    assert rc == 1
    entry = _entry(manifest, name)
    assert entry["status"] == "failed" and entry["outputs"] == []
    assert entry["reason"].startswith(REFUSED[name])
    assert "\n" not in entry["reason"]
    assert "Error" not in entry["reason"]  # no exception names
    assert not (out / f"{name}.summary.json").exists()
    assert "Traceback" not in "".join(capfd.readouterr())


def test_multiple_files(tmp_path, capfd):
    names = [
        "gaussian16-water_mp2.log",
        "molpro2012-dvb_gopt.log",
        "psi4-water_mp2.out",
    ]
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
            "not an output of a quantum-chemistry program this processor reads"
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


def test_symlinks_are_not_followed(tmp_path):
    """A link in the input directory to a file outside it is not an input."""
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(DATA / "psi4-water_mp2.out", inp)
    (inp / "outside.out").symlink_to(DATA / "nwchem7-water_mp2.out")
    assert main([str(inp), str(out)]) == 0
    manifest = json.loads((out / "results.json").read_text())
    assert [e["input"] for e in manifest["results"]] == ["psi4-water_mp2.out"]


def test_only_symlinks_is_a_usage_error(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "outside.out").symlink_to(DATA / "nwchem7-water_mp2.out")
    assert main([str(inp), str(tmp_path / "out")]) == 2


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
    with pytest.raises(ParseFailure, match="GAMESS input file"):
        summarize(DATA / "gamess2018-water_mp2.inp")


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
