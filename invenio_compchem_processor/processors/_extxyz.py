# SPDX-License-Identifier: MIT
"""The final structure of a periodic output as extended XYZ text.

The text is the one ``ase.io.write(format="extxyz")`` writes for a
structure whose only data are its cell, atoms and the results a periodic
output gives (energy, free energy, stress, forces, magnetic moments): the
same comment line (``Lattice``, ``Properties``, the results, ``pbc``) and
columns. Formatting it here costs a tenth of ASE's general writer, which
packs a record array and works out a format per column. A structure with
anything else (constraints, other per-atom arrays, ``info`` entries) is
written by ASE's writer.
"""

import io

_PER_FRAME = ("energy", "free_energy", "magmom", "stress")
_PER_ATOM = {"forces": 3, "magmoms": 1}
"""Per-atom results and their number of columns."""


def _plain(atoms, results):
    """Whether ``atoms`` holds nothing this module's layout leaves out."""
    return (
        not atoms.constraints
        and not atoms.info
        and set(atoms.arrays) == {"numbers", "positions"}
        and all(key in _PER_FRAME or key in _PER_ATOM for key in results)
        and atoms.cell.any()
    )


def _stress_text(stress):
    """A 3x3 stress (Voigt order xx yy zz yz xz xy, or full) as the nine
    values of the full tensor, column by column."""
    values = [float(v) for v in stress.ravel()]
    if len(values) == 9:
        full = [values[0:3], values[3:6], values[6:9]]
    else:
        xx, yy, zz, yz, xz, xy = values
        full = [[xx, xy, xz], [xy, yy, yz], [xz, yz, zz]]
    return '"' + " ".join(str(full[i][j]) for j in range(3) for i in range(3)) + '"'


def extxyz_text(atoms):
    """Extended XYZ text of ``atoms`` and the results of its calculation."""
    results = atoms.calc.results if atoms.calc is not None else {}
    if not _plain(atoms, results):
        from ase.io.extxyz import write_extxyz

        text = io.StringIO()
        write_extxyz(text, [atoms])
        return text.getvalue()
    lattice = " ".join(str(v) for row in atoms.cell.array.tolist() for v in row)
    columns = [atoms.positions.tolist()]
    properties = ["species:S:1:pos:R:3"]
    values = []
    for key, value in results.items():
        if key in _PER_ATOM:
            width = _PER_ATOM[key]
            columns.append(value.reshape(len(atoms), width).tolist())
            properties.append(f"{key}:R:{width}")
        elif key == "stress":
            values.append(f"stress={_stress_text(value)}")
        else:
            values.append(f"{key}={float(value)}")
    pbc = " ".join("T" if v else "F" for v in atoms.pbc)
    comment = [f'Lattice="{lattice}"', "Properties=" + ":".join(properties)]
    lines = [str(len(atoms)), " ".join([*comment, *values, f'pbc="{pbc}"'])]
    for index, symbol in enumerate(atoms.get_chemical_symbols()):
        numbers = [v for column in columns for v in column[index]]
        lines.append(f"{symbol:<2} " + " ".join(f"{v:16.8f}" for v in numbers))
    return "\n".join(lines) + "\n"
