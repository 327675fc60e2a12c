# SPDX-License-Identifier: MIT
"""Previews of a run's results: the structure in 3D, the summary as a card.

The optimisation of divinylbenzene (``gaussian16-dvb_gopt.out``) is uploaded,
its automatic run writes ``.xyz`` and ``.summary.json`` media files, and the
record is published over the REST API. What the previews show is checked
against the files themselves: the atoms of the XYZ file, the final energy of
the summary, and the ``SCF Done`` lines Gaussian printed, one per step.
"""

import io
import re
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from examples.ui.depositor import SAMPLES, Depositor
from tests.ui.on_screen import run_row_by_name

DVB = "gaussian16-dvb_gopt.out"
SCF_DONE = re.compile(r"SCF Done:\s+E\(\S+\)\s+=\s+(-?\d+\.\d+)")


def _hill_formula(xyz_text):
    """The Hill formula of an XYZ file's atoms, counted from its lines."""
    lines = xyz_text.splitlines()
    count = int(lines[0])
    symbols = Counter(line.split()[0] for line in lines[2 : 2 + count])
    order = ["C", "H"] + sorted(s for s in symbols if s not in ("C", "H"))
    return count, "".join(f"{s}{symbols[s] if symbols[s] > 1 else ''}" for s in order if s in symbols)


def _coloured_fraction(png):
    """The share of pixels of a screenshot that are not (near) white."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    pixels = list(image.getdata())
    coloured = sum(1 for r, g, b in pixels if min(r, g, b) < 235)
    return coloured / len(pixels)


@pytest.fixture(scope="module")
def optimisation(site):
    """A draft with the optimisation's output, its automatic run ended."""
    owner = Depositor(site, "owner")
    record_id = owner.create_draft("Divinylbenzene optimisation")
    owner.upload_samples(record_id, DVB)
    runs = owner.wait_for_final_phases(record_id)
    assert runs[0]["status"]["phase"] == "Succeeded", runs[0]
    return owner, record_id, runs[0]


@pytest.fixture(scope="module")
def published(optimisation):
    """The same record, published; its result files as the API serves them."""
    owner, record_id, _ = optimisation
    res = owner.session.post(f"{owner.api}/records/{record_id}/draft/actions/publish")
    assert res.status_code == 202, res.text
    media = owner.session.get(f"{owner.api}/records/{record_id}/media-files").json()
    results = {e["key"]: e for e in media["entries"] if (e.get("metadata") or {}).get("compchem_run")}
    assert {f"{DVB}.xyz", f"{DVB}.summary.json"} <= set(results), sorted(results)
    return owner, record_id, results


def _content(owner, entry):
    res = owner.session.get(entry["links"]["content"])
    res.raise_for_status()
    return res


def _open_preview(visit, site, record_id, key):
    """The record page's link to the preview of ``key``, followed."""
    visitor = visit("owner")
    page = visitor.page
    page.goto(f"{site.url}/records/{record_id}", wait_until="domcontentloaded")
    box = page.locator("#compchem-result-previews")
    link = box.get_by_role("link", name=f"Preview {key}")
    expect(link).to_be_visible()
    page.goto(site.url + link.get_attribute("href"), wait_until="load")
    return visitor, page


def test_panel_shows_the_summary_card_of_a_finished_run(visit, optimisation, screenshots):
    owner_api, record_id, run = optimisation
    media = owner_api.session.get(f"{owner_api.api}/records/{record_id}/draft/media-files").json()
    entry = next(e for e in media["entries"] if e["key"] == f"{DVB}.summary.json")
    summary = _content(owner_api, entry).json()

    owner = visit("owner")
    page = owner.open_deposit(record_id)
    row = run_row_by_name(page, run["name"])
    row.get_by_role("button", name=f"Show details of run {run['name']}").click()
    card = page.locator(".compchem-run-details .compchem-summary-card")
    expect(card).to_be_visible(timeout=30000)
    energy = f"{summary['final_energy']['value']:.6f} {summary['energies']['unit']}"
    expect(card.locator(".compchem-final-energy")).to_contain_text(energy)
    expect(card).to_contain_text(summary["basis_set"])
    expect(card.locator(".compchem-verdicts-table")).to_contain_text(
        summary["verdicts"]["termination"]["evidence"]
    )
    # The optimisation's chart: one point per SCF Done line Gaussian printed.
    steps = SCF_DONE.findall((Path(SAMPLES) / DVB).read_text())
    chart = card.get_by_role("img", name="Energy per optimisation step")
    expect(chart).to_be_visible(timeout=30000)
    points = chart.locator("polyline").get_attribute("points").split()
    assert len(points) == len(steps) > 1
    card.scroll_into_view_if_needed()
    card.screenshot(path=str(screenshots / "panel-summary-card.png"))
    assert owner.errors == []


def test_structure_preview_draws_the_optimised_molecule(visit, site, published, screenshots):
    owner_api, record_id, results = published
    key = f"{DVB}.xyz"
    natoms, formula = _hill_formula(_content(owner_api, results[key]).text)

    visitor, page = _open_preview(visit, site, record_id, key)
    expect(page.locator(".compchem-formula")).to_have_text(formula)
    expect(page.locator(".compchem-natoms")).to_have_text(f"{natoms} atoms")
    canvas = page.locator("#compchem-structure canvas")
    expect(canvas).to_be_visible(timeout=30000)
    page.wait_for_timeout(1000)  # 3Dmol.js draws on the next animation frame
    assert _coloured_fraction(canvas.screenshot()) > 0.02
    page.screenshot(path=str(screenshots / "previewer-xyz.png"))
    assert visitor.errors == []


def test_summary_preview_shows_final_energy_and_steps(visit, site, published, screenshots):
    owner_api, record_id, results = published
    key = f"{DVB}.summary.json"
    summary = _content(owner_api, results[key]).json()
    steps = SCF_DONE.findall((Path(SAMPLES) / DVB).read_text())
    assert len(steps) > 1

    visitor, page = _open_preview(visit, site, record_id, key)
    card = page.locator(".compchem-summary-card")
    energy = f"{summary['final_energy']['value']:.6f} {summary['energies']['unit']}"
    expect(card.locator(".compchem-final-energy")).to_contain_text(energy)
    # The final energy is Gaussian's last SCF Done line.
    assert f"{float(steps[-1]):.6f}" in energy
    expect(card).to_contain_text(summary["program_version"])
    chart = card.get_by_role("img", name="Energy per optimisation step")
    points = chart.locator("polyline").get_attribute("points").split()
    assert len(points) == len(steps)
    expect(card.locator(".compchem-energy-chart")).to_contain_text(f"{len(steps)} steps")
    page.screenshot(path=str(screenshots / "previewer-summary.png"), full_page=True)
    assert visitor.errors == []
