# SPDX-License-Identifier: MIT
"""Quality verdicts on real outputs, and the lines they cite.

Every verdict that cites ``line N: text`` is checked against line N of the
file, so a verdict cannot point at a line the program did not print.
"""

import functools
import json
import re
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from invenio_compchem_processor.processors import _evidence
from invenio_compchem_processor.processors import _verdicts as _verdicts_of
from invenio_compchem_processor.processors.cclib_summary import main, read_output

DATA = Path(__file__).parent.parent / "data" / "compchem"
SCHEMAS = Path(__file__).parents[2] / "invenio_compchem_processor" / "schemas"
_CITED = re.compile(r"^line (\d+): (.*?)(?: \(ideal S\(S\+1\) = [\d.]+\))?$")


@functools.lru_cache(maxsize=None)
def _read(name):
    return read_output(DATA / name)


def _verdicts(name):
    return _read(name)[0]["verdicts"]


def _assert_cited_line(name, evidence):
    match = _CITED.match(evidence)
    assert match, evidence
    lines = (DATA / name).read_text(errors="replace").splitlines()
    number, text = int(match.group(1)), match.group(2)
    assert _evidence.cited_text(lines[number - 1]) == text


# (file, verdict, status, line the program printed it on)
CASES = [
    ("gaussian16-dvb_gopt.out", "termination", "normal", 3474),
    ("gaussian16-dvb_gopt.out", "scf", "converged", 2785),
    ("gaussian16-dvb_gopt.out", "optimisation", "converged", 2976),
    ("gaussian16-dvb_un_sp.log", "spin", "clean", 3586),  # 0.7778 vs 0.75
    ("orca5-dvb_ir.out", "scf", "converged", 792),  # a false alarm before
    ("orca5-dvb_sp_un.out", "spin", "clean", 2261),
    ("orca6-dvb_gopt.out", "optimisation", "converged", 4392),
    ("orca6-dvb_gopt.out", "termination", "normal", 7347),
    ("qchem5-dvb_sp_un.out", "spin", "clean", 2913),
    ("qchem5-dvb_ir.out", "termination", "normal", 957),
    ("nwchem7-dvb_ir.out", "termination", "normal", 3658),
    ("psi4-dvb_sp_uhf.out", "spin", "contaminated", 388),  # 1.36 vs 0.75
    ("psi4-dvb_sp_uhf.out", "termination", "normal", 2278),
    ("xtb6-dvb_opt.out", "optimisation", "converged", 346),
    ("xtb6-dvb_opt.out", "scf", "converged", 448),
    ("gamess2018-dvb_un_sp.out", "scf", "not converged", 1967),
    ("gamess2018-dvb_un_sp.out", "termination", "normal", 7255),
    ("molpro2012-h2o_mp2.out", "termination", "normal", 270),
]


@pytest.mark.parametrize(
    "name, kind, status, line", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES]
)
def test_verdict_and_its_line(name, kind, status, line):
    verdict = _verdicts(name)[kind]
    assert verdict["status"] == status
    assert verdict["evidence"].startswith(f"line {line}: ")
    _assert_cited_line(name, verdict["evidence"])


@pytest.mark.parametrize(
    "name, s2, ideal",
    [
        ("gaussian16-dvb_un_sp.log", 0.7778, 0.75),
        ("orca5-dvb_sp_un.out", 0.778096, 0.75),
        ("qchem5-dvb_sp_un.out", 0.769528701, 0.75),
        ("psi4-dvb_sp_uhf.out", 1.359952579, 0.75),
        ("gamess2018-dvb_un_sp.out", 0.778, 0.75),
    ],
)
def test_spin_values(name, s2, ideal):
    spin = _verdicts(name)["spin"]
    assert (spin["s2"], spin["ideal"]) == (pytest.approx(s2), pytest.approx(ideal))


def test_closed_shell_and_excited_state_s2_give_no_spin_verdict():
    """Gaussian prints <S**2>=0.000 for every TD state: not a verdict."""
    assert _verdicts("gaussian16-dvb_td.out")["spin"] is None
    assert _verdicts("gaussian16-dvb_gopt.out")["spin"] is None


def test_transition_state_from_one_imaginary_mode():
    lines = (DATA / "gamess2018-nh3_ts_ir.out").read_text().splitlines()
    assert "825.18 I" in lines[2001]  # FREQUENCY: 825.18 I
    verdict = _verdicts("gamess2018-nh3_ts_ir.out")["frequencies"]
    assert verdict == {
        "status": "transition state",
        "evidence": "1 imaginary frequency(ies): 825.18i cm-1",
    }
    assert _read("gamess2018-nh3_ts_ir.out")[0]["vibrations"] == {
        "count": 6,
        "imaginary": 1,
    }


def test_frequency_job_is_not_an_optimisation():
    """Gaussian's freq job checks its geometry with one Berny step."""
    verdicts = _verdicts("gaussian16-dvb_ir.out")
    assert verdicts["optimisation"] is None
    assert verdicts["frequencies"]["status"] == "minimum"
    assert "53.20 cm-1" in verdicts["frequencies"]["evidence"]


def test_truncated_optimisation(tmp_path):
    """A job killed after 3 of 6 steps: not "final", not "done"."""
    summary, xyz = _read("gaussian16-dvb_gopt-truncated.out")
    verdicts = summary["verdicts"]
    assert verdicts["termination"]["status"] == "incomplete"
    assert "ends before the calculation finished" in verdicts["termination"]["evidence"]
    assert verdicts["optimisation"]["status"] == "not converged"
    assert verdicts["optimisation"]["evidence"].startswith("3 optimisation step(s)")
    assert (summary["success"], summary["optimisation_done"]) == (False, False)
    assert "last geometry of an unconverged optimisation" in xyz.splitlines()[1]
    # The last SCF energy before the cut (line 1857 of the file).
    assert summary["energies"]["scf"] == pytest.approx(-382.308239279, abs=1e-9)


def test_xtb_termination_rests_on_the_parser_flag():
    verdict = _verdicts("xtb6-dvb_ir.out")["termination"]
    assert verdict["status"] == "normal"
    assert verdict["evidence"].startswith("the parser's success flag (true)")


def test_every_summary_validates_against_both_schemas(tmp_path):
    """1.1.0 describes the fields; 1.0.0, which run callbacks check, still holds."""
    validators = [
        Draft202012Validator(json.loads((SCHEMAS / f"summary-v{v}.json").read_text()))
        for v in ("1.0.0", "1.1.0")
    ]
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    names = [p.name for p in DATA.iterdir() if p.suffix in (".out", ".log", ".fchk")]
    for name in names:
        shutil.copy(DATA / name, inp / name)
    main([str(inp), str(out)])
    summaries = sorted(out.glob("*.summary.json"))
    assert len(summaries) >= len(names) - 2  # Molpro log, damaged file
    for path in summaries:
        summary = json.loads(path.read_text())
        for validator in validators:
            errors = [e.message for e in validator.iter_errors(summary)]
            assert not errors, (path.name, errors)


def _with_line_above(tmp_path, name, needle, line, above):
    """A copy of ``name`` with ``line`` inserted ``above`` lines before the
    last line holding ``needle``; the number of the inserted line."""
    lines = (DATA / name).read_text().splitlines(keepends=True)
    last = max(i for i, text in enumerate(lines) if needle in text)
    lines.insert(last - above + 1, line + "\n")
    path = tmp_path / name
    path.write_text("".join(lines))
    return path, last - above + 2


@pytest.mark.parametrize("above, status", [(0, "not converged"), (3, "not converged"), (4, "converged"), (40, "converged")])  # fmt: skip
def test_scf_failure_within_three_lines_of_the_last_scf_done(tmp_path, above, status):
    """Gaussian prints "SCF Done" right after "criterion not met": a failure
    up to three lines above the last "SCF Done" decides, one further up is
    an earlier SCF's (and is not looked for)."""
    failure = " >>>>>>>>>> Convergence criterion not met."
    path, number = _with_line_above(
        tmp_path, "gaussian16-water_mp2.log", "SCF Done:", failure, above
    )
    evidence = _evidence.scan(path, "Gaussian")
    verdict = _verdicts_of.scf(evidence, lambda: (None, "none"))
    assert verdict["status"] == status
    if status == "not converged":
        assert verdict["evidence"] == f"line {number}: {failure.strip()}"


@pytest.mark.parametrize("above, status", [(0, "abnormal"), (1, "normal"), (500, "normal")])  # fmt: skip
def test_error_termination_only_after_the_last_normal_one_counts(
    tmp_path, above, status
):
    path, number = _with_line_above(
        tmp_path,
        "gaussian16-water_mp2.log",
        "Normal termination of Gaussian",
        " Error termination via Lnk1e in l502.exe",
        above,
    )
    verdict = _verdicts_of.termination(_evidence.scan(path, "Gaussian"), "Gaussian", None)
    assert verdict["status"] == status
    lines = path.read_text().splitlines()
    cited = int(_CITED.match(verdict["evidence"]).group(1))
    assert ("Error" in lines[cited - 1]) == (status == "abnormal")
    if status == "abnormal":
        assert cited == number


def test_optimisation_lines_left_out_when_asked():
    """A Gaussian job that asks for no optimisation: its Berny step lines
    are not looked for, the other checks are."""
    path = DATA / "gaussian16-dvb_ir.out"
    full = _evidence.scan(path, "Gaussian")
    assert "opt_ok" in full  # "-- Stationary point found."
    without = _evidence.scan(path, "Gaussian", without=("opt",))
    assert not any(key.startswith("opt_") for key in without)
    assert without.counts == {}
    assert {k: v for k, v in full.items() if not k.startswith("opt_")} == dict(without)
    assert without.source == full.source


def test_cited_line_with_characters_beyond_ascii(tmp_path):
    """The file is searched as bytes: a line holding non-ASCII text (and
    lines of it above) is cited whole, with its number in the file."""
    name = "gaussian16-water_mp2.log"
    lines = (DATA / name).read_text().splitlines(keepends=True)
    lines[10:10] = ["Ångström, δ-value, ≥ 2 – a line of UTF-8 text\n"] * 3
    lines.append(" Error termination in l9999 – “Ω” é\n")
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    verdict = _verdicts_of.termination(_evidence.scan(path, "Gaussian"), "Gaussian", None)
    assert verdict == {
        "status": "abnormal",
        "evidence": f"line {len(lines)}: Error termination in l9999 – “Ω” é",
    }


@pytest.mark.parametrize(
    "line, cited",
    [
        # VASP's banner, CP2K's warning and ORCA's last line, as printed.
        (
            "------------------------ aborting loop because EDIFF is reached "
            "----------------------------------------",
            "aborting loop because EDIFF is reached",
        ),
        (
            " *** WARNING in qs_scf.F:542 :: SCF run NOT converged ***",
            "WARNING in qs_scf.F:542 :: SCF run NOT converged",
        ),
        ("                             ****ORCA TERMINATED NORMALLY****", "ORCA TERMINATED NORMALLY"),
        # Nothing but a rule stays a rule; signs inside a line stay.
        ("-----------", "-----------"),
        ("  Total energy =     -1.5  ", "Total energy = -1.5"),
        ("a --- b", "a --- b"),
    ],
)
def test_cited_lines_lose_their_rules(line, cited):
    assert _evidence.cited_text(line) == cited
