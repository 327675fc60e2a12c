# SPDX-License-Identifier: MIT
"""``invenio compchem runs ...`` and ``workflows pause|resume``."""

from invenio_compchem_processor.cli import compchem
from invenio_compchem_processor.services.admin import pauses

KEY = "psi4-water_mp2.out"


def test_runs_list_retry_restart_and_switches(
    app, db, cli_runner, draft_factory, fake_argo_server
):
    records = [draft_factory([KEY]) for _ in range(2)]
    failed = [f"cclib-summary-{r}-1" for r in records]
    for name in failed:
        fake_argo_server.set_phase(name, "Failed", message="cannot parse")

    result = cli_runner(compchem, None, "runs", "list", "--phase", "Failed")
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.output.strip().splitlines()]
    listed = {line[0]: line for line in lines if len(line) == 4}
    assert set(listed) == set(failed)
    assert listed[failed[0]][2:] == ["Failed", "cannot parse"]

    dry = cli_runner(
        compchem, None, "runs", "restart", "--phase", "Failed", "--dry-run"
    )
    assert dry.exit_code == 0, dry.output
    assert "2 runs would be submitted." in dry.output
    assert not [
        r
        for r in records
        if fake_argo_server.state.workflows.get(f"cclib-summary-{r}-2")
    ]

    too_many = cli_runner(
        compchem, None, "runs", "restart", "--phase", "Failed", "--limit", "1"
    )
    assert too_many.exit_code != 0
    assert "more than --limit 1" in too_many.output

    done = cli_runner(compchem, None, "runs", "retry", failed[0])
    assert done.exit_code == 0, done.output
    assert done.output.split("\t")[0] == failed[0]

    paused = cli_runner(
        compchem, None, "workflows", "pause", "cclib-summary", "--reason", "upgrade"
    )
    assert paused.exit_code == 0, paused.output
    assert pauses.pause_of("cclib-summary").reason == "upgrade"
    resumed = cli_runner(compchem, None, "workflows", "resume", "cclib-summary")
    assert resumed.exit_code == 0, resumed.output
    assert pauses.pause_of("cclib-summary") is None
