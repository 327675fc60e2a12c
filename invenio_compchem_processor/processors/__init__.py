# SPDX-License-Identifier: MIT
"""Processors: the programs a workflow step runs over a run's input files.

A processor is a command-line program, so that the same code runs in an Argo
container and under the local Celery engine. Every processor keeps this
contract, which is what the engines and the results pages rely on::

    <command> INPUT_DIR OUTPUT_DIR [--timeout SECONDS]

* Each regular file in ``INPUT_DIR`` is one input; other entries, symbolic
  links included, are skipped.
* Outputs for an input are written to ``OUTPUT_DIR`` with names derived from
  the input's file name, plus one ``OUTPUT_DIR/results.json`` manifest that
  gives, per input, ``status`` (``succeeded`` or ``failed``), the produced
  ``outputs`` and, for failures, a one-line ``reason`` meant for depositors.
  Inputs that belong together are read as one group (:mod:`._grouping`):
  its outputs are named after its primary file, which the other members'
  entries name (``summarised_with``).
* Exit code 0 when every input succeeded, 1 when any failed (the manifest
  says which), 2 on usage errors (bad arguments, missing or empty input dir).
* A bad input never produces a traceback or a hang: it is parsed in a child
  process that is killed after the timeout and reported as failed
  (:mod:`._isolation`).
* stdout carries one progress line per input (the engine keeps it as the
  step log); diagnostics of the parsing library go to stderr.

Available processors:

* :mod:`.cclib_summary` (``compchem-cclib-summary``): JSON summary and final
  XYZ geometry of quantum-chemistry program outputs, read with cclib (ORCA 6
  with ASE), with quality verdicts.
* :mod:`.periodic_summary` (``compchem-periodic-summary``): cell, energy,
  forces, stress and final structure of VASP, Quantum ESPRESSO and CP2K
  outputs, recognised by content and read with ASE.
* :mod:`.md_summary` (``compchem-md-summary``): system, run parameters,
  trajectory, energies and verdicts of GROMACS, AMBER, LAMMPS and CHARMM/NAMD
  simulations, one summary per simulation (MDAnalysis, pyedr, ``gmx dump``).
"""
