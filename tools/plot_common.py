# SPDX-License-Identifier: BSD-3-Clause
"""What the plotting tools share: one error line and exit, opening a metabasin HDF5 file of a
given format with a clear message when it is not one, and reading the frames of a LAMMPS text
dump."""
import os
import sys


def fail(tool, message):
    print(f"{tool}: error: {message}", file=sys.stderr)
    sys.exit(1)


def text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def open_metabasin_h5(tool, path, fmt, made_by):
    """The open h5py file `path` if its `format` attribute is `fmt`; else exits naming it."""
    try:
        import h5py
        import numpy  # noqa: F401  (the callers need it too)
    except ImportError as e:
        fail(tool, f"{e.name} is missing; install python3-h5py and python3-numpy (scripts/install-deps.sh)")
    if not os.path.exists(path):
        fail(tool, f"'{path}' does not exist")
    try:
        f = h5py.File(path, "r")
    except OSError:
        fail(tool, f"'{path}' is not an HDF5 file (or it is truncated)")
    found = text(f.attrs.get("format", ""))
    if found != fmt:
        f.close()
        fail(tool, f"'{path}' is not a {fmt} file (format '{found}'); make one with {made_by}")
    return f


# Position columns of a LAMMPS dump (plain, unwrapped, scaled, scaled unwrapped).
POSITIONS = ("x", "y", "z", "xu", "yu", "zu", "xs", "ys", "zs", "xsu", "ysu", "zsu")
# Units of the per-atom columns metabasin's dumps carry (metal units).
ATOM_COLUMN_UNITS = {"shear_strain": "dimensionless", "volumetric_strain": "dimensionless", "d2min": "Å²",
                     "p_hop": "Å²", "fx": "eV/Å", "fy": "eV/Å", "fz": "eV/Å"}


def read_dump_frames(tool, path):
    """Every frame of the dump as (box, columns, rows); box = (xlo, xhi, ylo, yhi, xy)."""
    if not os.path.exists(path):
        fail(tool, f"'{path}' does not exist")
    with open(path) as f:
        lines = f.read().splitlines()
    frames, k = [], 0
    try:
        while k < len(lines):
            if not lines[k].strip():
                k += 1
                continue
            if not lines[k].startswith("ITEM: TIMESTEP"):
                fail(tool, f"'{path}' line {k + 1}: expected 'ITEM: TIMESTEP' (is it a LAMMPS text dump?)")
            n = int(lines[k + 3])
            bounds = [[float(v) for v in lines[k + 5 + d].split()] for d in range(3)]
            xy = bounds[0][2] if len(bounds[0]) == 3 else 0.0
            xz = bounds[1][2] if len(bounds[1]) == 3 else 0.0
            yz = bounds[2][2] if len(bounds[2]) == 3 else 0.0
            xlo = bounds[0][0] - min(0.0, xy, xz, xy + xz)
            xhi = bounds[0][1] - max(0.0, xy, xz, xy + xz)
            ylo, yhi = bounds[1][0] - min(0.0, yz), bounds[1][1] - max(0.0, yz)
            columns = lines[k + 8].split()[2:]
            rows = [lines[k + 9 + i].split() for i in range(n)]
            if len(rows) < n or any(len(r) != len(columns) for r in rows):
                break  # a frame cut short by a killed run: the frames before it stand
            frames.append(((xlo, xhi, ylo, yhi, xy), columns, rows))
            k += 9 + n
    except (IndexError, ValueError):
        if not frames:
            fail(tool, f"'{path}' holds no complete LAMMPS dump frame")
    if not frames:
        fail(tool, f"'{path}' holds no complete LAMMPS dump frame")
    return frames


def use_agg(tool):
    try:
        import matplotlib
    except ImportError:
        fail(tool, "matplotlib is missing; install python3-matplotlib (scripts/install-deps.sh)")
    matplotlib.use("Agg")  # files only, no display needed


def png_out(tool, out, inputs):
    """The PNG to write: `out`, or the first input with .png; never one of the inputs."""
    import os

    out = out or os.path.splitext(inputs[0])[0] + ".png"
    for i in inputs:
        if os.path.abspath(out) == os.path.abspath(i) or (
                os.path.exists(out) and os.path.exists(i) and os.path.samefile(out, i)):
            fail(tool, f"--out '{out}' is one of the inputs; choose another file")
    return out


def save(fig, out):
    import matplotlib.pyplot as plt

    fig.tight_layout()
    # "tight" keeps the legends and notes placed outside the axes inside the picture.
    fig.savefig(out, dpi=150, bbox_inches="tight")
    plt.close(fig)


def fmt(value, digits=3):
    """A number in `digits` significant figures, exponents without '+' or leading zeros
    (1.6e11, 2.5e-3), for labels."""
    import math

    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    s = f"{value:.{digits}g}"
    if "e" in s:
        mantissa, exponent = s.split("e")
        s = f"{mantissa}e{int(exponent)}"
    return s
