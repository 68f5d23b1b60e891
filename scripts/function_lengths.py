#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Lists the longest function bodies in the C++ sources under the given folders (lines from the
line holding the opening brace of a top-level or namespace-level definition to its closing brace).
A brace-matching heuristic, good enough to track the driver layer's long functions.
usage: scripts/function_lengths.py [-n 10] DIR..."""
import argparse, os, re, sys

SIG = re.compile(r"^[A-Za-z_~][\w:<>,\s\*&~\[\]]*\([^;]*\)\s*(const)?\s*(noexcept)?\s*(->\s*[\w:<>]+)?\s*\{?\s*$")

def strip(line):
    line = re.sub(r'"(\\.|[^"\\])*"', '""', line)
    line = re.sub(r"'(\\.|[^'\\])*'", "''", line)
    return line.split("//")[0]

def functions(path):
    lines = open(path, errors="replace").read().split("\n")
    depth, out, i = 0, [], 0
    ns_depth = set()
    start = None
    for n, raw in enumerate(lines):
        line = strip(raw)
        if start is None and re.match(r"^\s*namespace\b[^;]*\{", line):
            depth += line.count("{") - line.count("}")
            ns_depth.add(depth)
            continue
        if start is None and (depth == 0 or depth in ns_depth) and "{" in line:
            # the signature may span the previous lines
            head = " ".join(strip(l) for l in lines[max(0, n - 3):n + 1])
            if "(" in head and not re.match(r"^\s*(struct|class|enum|union)\b", line) and "=" not in line.split("{")[0][-3:]:
                m = re.search(r"([\w:~]+)\s*\(", head)
                start, name, base = n, (m.group(1) if m else "?"), depth
        depth += line.count("{") - line.count("}")
        if start is not None and depth == base:
            out.append((n - start + 1, name, path, start + 1))
            start = None
    return out

ap = argparse.ArgumentParser()
ap.add_argument("-n", type=int, default=10)
ap.add_argument("dirs", nargs="+")
a = ap.parse_args()
found = []
for d in a.dirs:
    for root, _, files in os.walk(d):
        for f in files:
            if f.endswith(".cpp"):
                found += functions(os.path.join(root, f))
found.sort(reverse=True)
for length, name, path, line in found[:a.n]:
    print(f"{length:5d}  {name}  {path}:{line}")
print(f"functions over 60 lines: {sum(1 for f in found if f[0] > 60)} of {len(found)}")
