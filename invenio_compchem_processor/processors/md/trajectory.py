# SPDX-License-Identifier: MIT
"""A trajectory read as a stream: frames, times, box over time, last frame.

A trajectory can be gigabytes, so it is never loaded: MDAnalysis keeps one
frame in memory and seeks by frame offsets, and at most
:data:`MAX_SAMPLED_FRAMES` frames (evenly strided) are decoded for the box
statistics. The last frame is written as PDB for the 3D previewer, without
solvent when the system is large, so that a browser can show it.
"""

import math
import os
import tempfile
import warnings

import numpy

from .system import IONS, WATER, box_section

MAX_SAMPLED_FRAMES = 1000
"""Frames decoded at most for the box over time; the stride follows from it."""

MAX_PREVIEW_ATOMS = 50_000
"""Atoms at most in the last-frame structure; larger systems are thinned."""

_PREVIEW_SELECTIONS = (
    ("all atoms", "all"),
    ("without water and ions", "not (resname {water} or resname {ions})"),
    (
        "heavy atoms without water and ions",
        "not (resname {water} or resname {ions}) and not name H*",
    ),
    ("protein and nucleic backbone", "name CA or name P"),
)


def frame_stride(n_frames, limit=MAX_SAMPLED_FRAMES):
    """Stride that decodes at most ``limit`` frames of ``n_frames``."""
    return max(1, math.ceil(n_frames / limit))


def _times_known(caught):
    return not any("dt information" in str(w.message) for w in caught)


def _frame_interval(reader, first_time, last_time):
    """The saving interval in ps: the reader's, or the mean over the frames' times.

    A TNG reader gives every frame its time from the file but no ``dt``.
    """
    if reader.n_frames < 2:
        return None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        interval = float(reader.dt)
    if _times_known(caught):
        return interval
    return (last_time - first_time) / (reader.n_frames - 1)


def _preview_atoms(universe):
    names = {"water": " ".join(sorted(WATER)), "ions": " ".join(sorted(IONS))}
    atoms, label = universe.atoms, "all atoms"
    for label, selection in _PREVIEW_SELECTIONS:
        try:
            atoms = universe.select_atoms(selection.format(**names))
        except Exception:  # the topology lacks names or residues
            continue
        if 0 < atoms.n_atoms <= MAX_PREVIEW_ATOMS:
            return atoms, label
    return universe.atoms[:MAX_PREVIEW_ATOMS], f"first {MAX_PREVIEW_ATOMS} atoms"


def last_frame_pdb(universe):
    """``(PDB text, atoms written, selection label)`` of the current frame."""
    atoms, label = _preview_atoms(universe)
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "last.pdb")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # missing PDB fields get defaults
            atoms.write(
                path, bonds=None
            )  # CONECT records: slow, and viewers guess bonds
        with open(path, encoding="ascii", errors="replace") as fp:
            return fp.read(), int(atoms.n_atoms), label


def trajectory_section(universe, file_names, format_name):
    """``(section, last-frame PDB text)`` of the Universe's trajectory."""
    reader = universe.trajectory
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        n_frames = int(reader.n_frames)
        stride = frame_stride(n_frames)
        lengths, volumes = [], []
        first_time = None
        for ts in reader[::stride]:
            if first_time is None:
                first_time = float(ts.time)
            box = box_section(ts.dimensions)
            if box:
                lengths.append(box["lengths_nm"])
                volumes.append(box["volume_nm3"])
        ts = reader[n_frames - 1]
        last_time = float(ts.time)
    known = _times_known(caught)
    interval = _frame_interval(reader, first_time, last_time) if known else None
    pdb, written, selection = last_frame_pdb(universe)
    lengths = numpy.array(lengths) if lengths else None
    section = {
        "files": list(file_names),
        "format": format_name,
        "frames": n_frames,
        "frame_stride": stride,
        "sampled_frames": len(range(0, n_frames, stride)),
        "first_time_ps": round(first_time, 6) if known else None,
        "last_time_ps": round(last_time, 6) if known else None,
        "time_span_ps": round(last_time - first_time, 6) if known else None,
        "frame_interval_ps": round(interval, 6) if known and interval else None,
        "box_min_nm": (
            lengths.min(axis=0).round(6).tolist() if lengths is not None else None
        ),
        "box_max_nm": (
            lengths.max(axis=0).round(6).tolist() if lengths is not None else None
        ),
        "volume_min_nm3": min(volumes) if volumes else None,
        "volume_max_nm3": max(volumes) if volumes else None,
        "last_frame": {
            "atoms": written,
            "selection": selection,
            "time_ps": round(last_time, 6) if known else None,
            "unit": "angstrom (PDB)",
        },
    }
    return section, pdb
