// SPDX-License-Identifier: BSD-3-Clause
#pragma once
// A task names itself once, next to its code, as a LAMMPS style does (PairStyle(lj/cut, ...)):
// after the declaration of its run function, its header holds one line
//   METABASIN_TASK("art", run_art, "catalog table hdf5", "one-line summary for metabasin --help")
// (on one line, at the start of the line, without a semicolon; the third argument names the
// output.* files the task writes, and an input giving any other is refused). The build collects these lines into
// task_styles.inc (src/app/CMakeLists.txt, at configure time, from the headers of app, sweep
// and cli); the schema's `task` choices, the dispatcher (cli/tasks.cpp) and `metabasin
// --help` all read that one list. In a header the line expands to nothing.
#ifndef METABASIN_TASK
#define METABASIN_TASK(name, function, outputs, summary)
#endif
