# SPDX-License-Identifier: BSD-3-Clause
"""What the plotting tools share: one error line and exit, opening a metabasin HDF5 file of a
given format with a clear message when it is not one, reading the frames of a LAMMPS text
dump, and reading a metabasin table (whitespace with a '#' header, or CSV) by column names."""
import math
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


# Unit suffixes of metabasin's column names.
SUFFIX_UNITS = [("_GPa_s", "GPa·s"), ("_GPa2", "GPa²"), ("_per_s", "1/s"), ("_per_A", "1/Å"), ("_GPa", "GPa"), ("_eV", "eV"), ("_K", "K"), ("_ps", "ps"), ("_s", "s"),
                ("_A3", "Å³"), ("_A", "Å")]


class Table:
    def __init__(self, tool, path, comment, columns, rows):
        self.tool, self.path, self.comment, self.columns, self.rows = tool, path, comment, columns, rows

    def column(self, name):
        """Values of the column `name`, or of the one column it is a prefix of."""
        import numpy as np

        # The exact name, else the name with a unit suffix, else a prefix of one column.
        matches = ([c for c in self.columns if c == name]
                   or [c for c in self.columns if c[len(name):] in {s for s, _ in SUFFIX_UNITS} and c.startswith(name)]
                   or [c for c in self.columns if c.startswith(name)])
        if len(matches) != 1:
            why = "no column" if not matches else f"{len(matches)} columns ({', '.join(matches)})"
            fail(self.tool, f"'{self.path}': {why} named '{name}'; its columns are: {' '.join(self.columns)}")
        k = self.columns.index(matches[0])
        return matches[0], np.array([number(r[k]) if k < len(r) else math.nan for r in self.rows])


def number(cell):
    try:
        return float(cell)
    except ValueError:
        return math.nan  # an empty CSV cell (a failed point) or a word (a method name)


def read_table(tool, path):
    """A metabasin table: '#' lines, the last of which names the columns, then whitespace rows;
    or CSV with a header row."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        fail(tool, f"cannot read '{path}': {e.strerror}")
    if b"\0" in raw[:4096]:
        fail(tool, f"'{path}' is not a text table (binary file; an HDF5 file has its own tool)")
    lines = raw.decode("utf-8", errors="replace").splitlines()
    headers = [ln for ln in lines if ln.startswith("#")]
    body = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    if headers:
        columns = headers[-1].lstrip("#").split()
        comment = " ".join(h.lstrip("#").strip() for h in headers[:-1])
        rows = [ln.split() for ln in body]
    elif body and "," in body[0]:
        columns = [c.strip() for c in body[0].split(",")]
        comment = ""
        rows = [ln.split(",") for ln in body[1:]]
    else:
        fail(tool, f"'{path}' has no header naming its columns ('# name name ...' or a CSV header row)")
    if not columns:
        fail(tool, f"'{path}': the header line names no columns")
    if not rows:
        fail(tool, f"'{path}' has a header but no rows")
    return Table(tool, path, comment, columns, rows)
