# SPDX-License-Identifier: MIT
"""``invenio compchem campaigns start|list|show|pause|resume|stop``."""

import pytest

from invenio_compchem_processor.cli import compchem

from .test_campaigns import KEY, _finish


@pytest.fixture(scope="module")
def app_config(app_config):
    """No digests: the ends of runs here are the campaign's, not a depositor's."""
    app_config["COMPCHEM_PROCESSOR_NOTIFICATIONS_ENABLED"] = False
    return app_config


def _run(cli_runner, *args):
    result = cli_runner(compchem, None, "campaigns", *args)
    assert result.exit_code == 0, result.output
    return result.output.strip().splitlines()


def test_campaign_commands(app, db, cli_runner, draft_factory, fake_argo_server):
    records = [draft_factory([KEY]) for _ in range(3)]
    for record_id, version in zip(records, ["2.0.0", "2.1.0", "1.9.9"]):
        _finish(fake_argo_server, f"cclib-summary-{record_id}-1", version, 7)
    select = ["--processor", "cclib-summary", "--older-than", "2.1"]

    lines = _run(cli_runner, "start", *select, "--dry-run")
    assert lines[-1] == (
        "2 files (2 runs) would be reprocessed; 0 of published records need a new"
        " version."
    )
    listed = sorted(line.split("\t")[:4] for line in lines[:-1])
    assert listed == sorted(
        [
            [records[0], KEY, "2.0.0", "reprocess"],
            [records[2], KEY, "1.9.9", "reprocess"],
        ]
    )
    assert not fake_argo_server.state.workflows.get(f"cclib-summary-{records[0]}-2")

    (started,) = _run(cli_runner, "start", *select, "--concurrency", "1")
    campaign = started.split("\t")[0]
    (paused,) = _run(cli_runner, "pause", campaign)
    assert paused.endswith("\tpaused")
    shown = _run(cli_runner, "show", campaign)
    assert "1/2 runs submitted, 1 in flight, 1 queued" in shown[0]
    assert len(shown) == 3
    (resumed,) = _run(cli_runner, "resume", campaign)
    assert resumed.endswith("\trunning")
    (stopped,) = _run(cli_runner, "stop", campaign)
    assert "stopped" in stopped.split("\t")[-1]
    assert [line.split("\t")[0] for line in _run(cli_runner, "list")] == [campaign]

    for bad in (["start"], ["start", "--processor", "x"], ["show", "999"]):
        result = cli_runner(compchem, None, "campaigns", *bad)
        assert result.exit_code != 0
        assert "Error" in result.output, result.output
