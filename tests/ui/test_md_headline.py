# SPDX-License-Identifier: MIT
"""A molecular dynamics run input in the panel: its headline.

``nacl.tpr`` (``tests/data/md/generated``, a GROMACS run input of NaCl in
water) is uploaded; md-summary processes it on upload. The run's row must
say what its ``.md.json`` says: program and version, the system's atoms
and molecules, the integrator and simulated time, and each verdict with
its evidence on hover.
"""

from playwright.sync_api import expect

from examples.ui.depositor import SAMPLES, Depositor
from tests.ui.on_screen import run_row_by_name

TPR = "nacl.tpr"


def test_panel_shows_an_md_headline(visit, site, screenshots):
    owner_api = Depositor(site, "owner")
    record_id = owner_api.create_draft("NaCl in water")
    owner_api.upload(record_id, {TPR: (SAMPLES.parent / "md" / "generated" / TPR).read_bytes()})
    runs = owner_api.wait_for_final_phases(record_id)
    assert runs[0]["status"]["phase"] == "Succeeded", runs[0]
    media = owner_api.session.get(f"{owner_api.api}/records/{record_id}/draft/media-files").json()
    entry = next(e for e in media["entries"] if e["key"] == f"{TPR}.md.json")
    summary = owner_api.session.get(entry["links"]["content"]).json()
    system, run = summary["system"], summary["run"]
    molecules = ", ".join(
        f"{system['molecules'][kind]} {kind}"
        for kind in ("protein", "nucleic", "lipid", "water", "ion", "other")
        if system["molecules"].get(kind)
    )

    owner = visit("owner")
    page = owner.open_deposit(record_id)
    row = run_row_by_name(page, runs[0]["name"])
    headline = row.locator(".compchem-headline")
    expect(headline).to_contain_text(
        f"{summary['program']} {summary['program_version']}", timeout=30000
    )
    expect(headline).to_contain_text(f"{system['atoms']} atoms: {molecules}")
    expect(headline).to_contain_text(f"{run['integrator']}, {run['simulated_time_ps']:g} ps")
    shown = row.locator(".compchem-verdicts span")
    expect(shown).to_have_count(len(summary["verdicts"]))
    for index, verdict in enumerate(summary["verdicts"]):
        words = f"{verdict['check']} {verdict['status']}".replace("_", " ")
        expect(shown.nth(index)).to_contain_text(words)
        expect(shown.nth(index)).to_have_attribute("title", verdict["evidence"])
    row.scroll_into_view_if_needed()
    row.screenshot(path=str(screenshots / "panel-md-headline.png"))
    assert owner.errors == []
