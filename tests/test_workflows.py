# SPDX-License-Identifier: MIT
"""Workflow definitions: validation at start and file matching."""

import pytest

from invenio_compchem_processor import config
from invenio_compchem_processor.workflows import WorkflowConfigError, load_workflows


def _load(workflows, engine="argo"):
    return load_workflows(
        {"COMPCHEM_PROCESSOR_ENGINE": engine, "COMPCHEM_PROCESSOR_WORKFLOWS": workflows}
    )


def _entry(**overrides):
    entry = {
        "title": "Summary",
        "match": {"extensions": [".out"]},
        "auto": True,
        "engines": {"argo": {"template": "t"}, "local": {"command": ["x"]}},
    }
    entry.update(overrides)
    return entry


def test_shipped_default_is_valid_for_both_engines():
    for engine in ("argo", "local"):
        workflows = _load(config.COMPCHEM_PROCESSOR_WORKFLOWS, engine)
        assert workflows["cclib-summary"].auto


@pytest.mark.parametrize(
    "name,entry,message",
    [
        ("Bad_Name", _entry(), "Bad_Name"),
        ("x" * 60, _entry(), "x" * 60),
        ("ok", _entry(title=""), "title is required"),
        ("ok", _entry(match={}), "at least one extension or mimetype"),
        ("ok", _entry(match={"extensions": "out"}), "list of strings"),
        ("ok", _entry(match={"extensions": ["out"]}), "start with a dot"),
        ("ok", _entry(match={"suffixes": [".out"]}), "match must be a dict"),
        (
            "ok",
            _entry(engines={"local": {"command": ["x"]}}),
            "engines.argo is required",
        ),
        ("ok", _entry(engines={"argo": {}}), "needs a 'template'"),
        ("ok", _entry(colour="red"), "unknown keys"),
    ],
)
def test_invalid_definitions_name_the_entry(name, entry, message):
    with pytest.raises(WorkflowConfigError) as error:
        _load({name: entry})
    assert f"COMPCHEM_PROCESSOR_WORKFLOWS[{name!r}]" in str(error.value)
    assert message in str(error.value)


def test_unknown_engine_is_refused():
    with pytest.raises(WorkflowConfigError, match="COMPCHEM_PROCESSOR_ENGINE"):
        _load({}, engine="slurm")


def test_matching_extensions_and_mimetypes():
    both = _load(
        {"w": _entry(match={"extensions": [".out"], "mimetypes": ["text/plain"]})}
    )["w"]
    assert both.matches("a/B.OUT", "text/plain")
    assert not both.matches("b.out", "application/octet-stream")
    assert not both.matches("c.log", "text/plain")
    by_type = _load({"w": _entry(match={"mimetypes": ["text/plain"]})})["w"]
    assert by_type.matches("anything.bin", "text/plain")
    assert not by_type.matches("anything.bin", None)


def test_matching_names():
    by_name = _load(
        {"w": _entry(match={"extensions": [".xml"], "names": ["*OUTCAR*", "control"]})}
    )["w"]
    assert by_name.names == ("*outcar*", "control")
    for key in ("OUTCAR", "run1/OUTCAR", "relax-OUTCAR", "outcar.relax1", "b.XML"):
        assert by_name.matches(key), key
    for key in ("POSCAR", "control.bak", "dir/controls", "a.out"):
        assert not by_name.matches(key), key
    assert by_name.dump()["match"]["names"] == ["*outcar*", "control"]


def test_shipped_workflows_take_files_read_together():
    workflows = _load(config.COMPCHEM_PROCESSOR_WORKFLOWS)
    assert workflows["periodic-summary"].matches("OUTCAR")
    assert workflows["periodic-summary"].matches("Fe2O2/OUTCAR.relax1")
    job = workflows["cclib-summary-job"]
    assert not job.auto
    for key in ("dvb_ir.out", "dvb_ir.hess", "water/control", "coord", "job.last"):
        assert job.matches(key), key
    assert not workflows["cclib-summary"].matches("dvb_ir.hess")
    assert not workflows["cclib-summary"].matches("control")
