# SPDX-License-Identifier: MIT
"""Processing workflows for computational chemistry files in InvenioRDM."""

__version__ = "0.1.0"

__all__ = ("__version__", "InvenioCompchemProcessor")


def __getattr__(name):
    """Import the extension on first use.

    Processors (e.g. ``compchem-cclib-summary``) live in this package and run
    in slim containers: importing the package must not load Flask and Invenio.
    """
    if name == "InvenioCompchemProcessor":
        from .ext import InvenioCompchemProcessor

        return InvenioCompchemProcessor
    raise AttributeError(name)
