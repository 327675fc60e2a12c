# SPDX-License-Identifier: MIT
"""``invenio compchem`` commands."""

from invenio_compchem_processor.cli import compchem


def test_workflows_list(app, cli_runner):
    result = cli_runner(compchem, None, "workflows", "list")
    assert result.exit_code == 0
    rows = {
        name: rest
        for name, *rest in (
            line.split("\t")[:3] for line in result.output.strip().splitlines()
        )
    }
    assert rows["cclib-summary"] == ["auto", ".out, .log"]
    extensions = ".tpr, .top, .gro, .mdp, .edr, .prmtop, .parm7, .psf, .data"
    assert rows["md-summary"] == ["auto", extensions]


def test_templates_check_and_export(app, cli_runner, fake_argo_server, tmp_path):
    result = cli_runner(compchem, None, "templates", "check")
    assert result.exit_code == 0, result.output
    assert result.output == ""

    fake_argo_server.state.templates.pop("compchem-cclib-summary")
    result = cli_runner(compchem, None, "templates", "check")
    assert result.exit_code == 1
    assert "missing\tcompchem-cclib-summary" in result.output

    result = cli_runner(compchem, None, "templates", "push")
    assert result.exit_code == 0
    assert "compchem-cclib-summary\tcreated" in result.output
    assert cli_runner(compchem, None, "templates", "check").exit_code == 0

    result = cli_runner(compchem, None, "templates", "export", str(tmp_path))
    assert result.exit_code == 0
    assert (tmp_path / "compchem-cclib-summary.yaml").exists()
