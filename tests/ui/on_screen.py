# SPDX-License-Identifier: MIT
"""Reading the processing panel as a person sees it, with Playwright."""

import re

from examples.ui.depositor import SAMPLES

PANEL = "#compchem-processing-panel"

RECORD_PHASES = """
() => {
  window.compchemPhases = window.compchemPhases || {};
  const note = (row) => {
    const name = row.dataset.run, phase = row.dataset.phase;
    const seen = (window.compchemPhases[name] = window.compchemPhases[name] || []);
    if (seen[seen.length - 1] !== phase) seen.push(phase);
  };
  document.querySelectorAll("tr[data-run]").forEach(note);
  new MutationObserver((changes) => changes.forEach((change) => {
    const nodes = change.type === "attributes" ? [change.target] : [...change.addedNodes];
    nodes.forEach((node) => {
      if (node.nodeType !== 1) return;
      if (node.matches("tr[data-run]")) note(node);
      node.querySelectorAll("tr[data-run]").forEach(note);
    });
  })).observe(document.body, {subtree: true, childList: true, attributes: true,
                              attributeFilter: ["data-phase"]});
}
"""
"""Keeps, per run, every phase its row showed, in order (``window.compchemPhases``)."""


def record_phases(page):
    """Start noting the phases rows show."""
    page.evaluate(RECORD_PHASES)


def phases_seen(page, run_name):
    """The phases the row of ``run_name`` showed so far, in order."""
    return page.evaluate("(name) => (window.compchemPhases || {})[name] || []", run_name)


def run_row(page, key):
    """The row of the run that holds file ``key``."""
    return page.locator(f"{PANEL} tr[data-run]").filter(
        has=page.locator(f"[data-file='{key}']")
    )


def run_row_by_name(page, name):
    """The row of run ``name``."""
    return page.locator(f"{PANEL} tr[data-run='{name}']")


def upload_in_form(page, *names):
    """Upload sample files through the deposit form's file field."""
    page.locator("#rdm-deposit-form input[type=file]").first.set_input_files(
        [str(SAMPLES / name) for name in names]
    )


def headline_pattern(program, formula, energy):
    """The summary headline, e.g. ``Gaussian 16 ... H2O ... -75.00 hartree``."""
    return re.compile(
        rf"{re.escape(program)}.*{re.escape(formula)}.*{re.escape(energy)}\d* hartree"
    )
