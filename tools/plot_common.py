# SPDX-License-Identifier: BSD-3-Clause
"""What the plotting tools share: one error line and exit, and opening a metabasin HDF5 file
of a given format with a clear message when it is not one."""
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


def use_agg(tool):
    try:
        import matplotlib
    except ImportError:
        fail(tool, "matplotlib is missing; install python3-matplotlib (scripts/install-deps.sh)")
    matplotlib.use("Agg")  # files only, no display needed


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
