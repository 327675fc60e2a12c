# SPDX-License-Identifier: MIT
"""Processing workflows for computational chemistry files in InvenioRDM."""

from .ext import InvenioCompchemProcessor

__version__ = "0.1.0"

__all__ = ("__version__", "InvenioCompchemProcessor")
