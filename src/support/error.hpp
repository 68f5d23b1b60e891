// SPDX-License-Identifier: BSD-3-Clause
#pragma once
#include <stdexcept>
#include <string>

namespace metabasin {

/// A problem with what the user gave us (input file, data file, table). The message is one
/// sentence naming the key or file and what is wrong; the CLI prints it and exits non-zero.
struct InputError : std::runtime_error {
  explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

/// A numerical outcome, not a mistake in the input: non-finite energy or forces, a Hessian
/// without the curvatures a minimum or a saddle must have (Vineyard prefactor), a rate that is
/// not finite, a minimization or a climb that cannot reach what the run needs. A caller that
/// can go on without the result (a search, a prefactor, a sweep point) catches this type,
/// never InputError; the CLI prints "metabasin: numerical error: ..." and exits with its own
/// code (src/cli/main.cpp).
struct NumericalError : std::runtime_error {
  explicit NumericalError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace metabasin
