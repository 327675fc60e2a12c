# SPDX-License-Identifier: MIT
"""A periodic calculation in the panel: headline and summary card.

A VASP relaxation's OUTCAR (``tests/data/compchem/periodic``) is uploaded
and the owner starts ``periodic-summary`` on it, as the workflow runs on
request only. The panel must show what the summary file says: the energy
in the headline, and in the card the cell, volume, k-points, ionic steps,
largest force, pressure and the verdicts with their evidence.
"""

from playwright.sync_api import expect

from examples.ui.depositor import SAMPLES, Depositor
from tests.ui.on_screen import run_row_by_name

OUTCAR = "vasp5-Fe2O2-relax-OUTCAR"


def test_panel_shows_a_periodic_summary(visit, site, screenshots):
    owner_api = Depositor(site, "owner")
    record_id = owner_api.create_draft("Fe2O2 relaxation")
    owner_api.upload(record_id, {OUTCAR: (SAMPLES / "periodic" / OUTCAR).read_bytes()})
    run = owner_api.start_run(record_id, "periodic-summary", [OUTCAR])
    runs = owner_api.wait_for_final_phases(record_id)
    assert runs[0]["status"]["phase"] == "Succeeded", runs[0]
    media = owner_api.session.get(f"{owner_api.api}/records/{record_id}/draft/media-files").json()
    entry = next(e for e in media["entries"] if e["key"] == f"{OUTCAR}.summary.json")
    summary = owner_api.session.get(entry["links"]["content"]).json()
    assert summary["ionic_steps"] > 1 and summary["kpoints"] and summary["stress"]

    owner = visit("owner")
    page = owner.open_deposit(record_id)
    row = run_row_by_name(page, run["name"])
    expect(row).to_have_attribute("data-phase", "Succeeded", timeout=30000)
    headline = row.locator(".compchem-headline")
    expect(headline).to_contain_text(f"VASP {summary['program_version']}", timeout=30000)
    expect(headline).to_contain_text(summary["formula"])
    expect(headline).to_contain_text(f"{summary['energy']:.6f} eV")

    row.get_by_role("button", name=f"Show details of run {run['name']}").click()
    card = page.locator(".compchem-run-details .compchem-summary-card")
    expect(card).to_be_visible(timeout=30000)
    a, b, c = summary["cell"]["lengths"]
    alpha, beta, gamma = summary["cell"]["angles"]
    facts = {
        "Energy": f"{summary['energy']:.6f} eV",
        "Free energy": f"{summary['free_energy']:.6f} eV",
        "Cell": f"a {a:.4f}, b {b:.4f}, c {c:.4f} Å; α {alpha:.2f}°, β {beta:.2f}°, γ {gamma:.2f}°",
        "Volume": f"{summary['cell']['volume']:.3f} Å³",
        "k-points": str(summary["kpoints"]),
        "Ionic steps": str(summary["ionic_steps"]),
        "Largest force": f"{summary['max_force']:.4f} eV/Å",
        "Pressure": f"{summary['stress']['pressure']:.3f} GPa",
    }
    for label, value in facts.items():
        fact = card.locator("tr", has=page.get_by_role("cell", name=label, exact=True))
        expect(fact).to_contain_text(value)
    verdicts = card.locator(".compchem-verdicts-table")
    for name in ("termination", "scf", "optimisation"):
        expect(verdicts).to_contain_text(summary["verdicts"][name]["evidence"])
    card.scroll_into_view_if_needed()
    card.screenshot(path=str(screenshots / "panel-periodic-card.png"))
    assert owner.errors == []
