// SPDX-License-Identifier: BSD-3-Clause
// Draws the numbers 5..24 from one TaskDealer on every rank and prints each rank's draws on
// rank 0 ("rank R: a b c"). Rank 0 draws one number and then waits for the other ranks to
// draw the rest: a dealer hands them out in the order asked for, so they get every other
// number; a fixed share per rank would leave half of them to rank 0.
#include <iostream>
#include <string>

#include "parallel.hpp"

int main(int argc, char** argv) {
  using namespace metabasin;
  parallel_init(&argc, &argv);
  const long first = 5, end = 25;
  std::string mine;
  {
    TaskDealer dealer(first);
    // Rank 0 draws first: the others wait for its word (a broadcast) before they draw, and it
    // draws again once they have all drawn to the end (a gather).
    if (parallel().root() && parallel().size > 1) {
      mine += " " + std::to_string(dealer.next());
      broadcast_from_root(true);
      gather_on_root("");
      mine += " " + std::to_string(dealer.next());
    } else {
      if (parallel().size > 1) broadcast_from_root(false);
      for (long k = dealer.next(); k < end; k = dealer.next()) mine += " " + std::to_string(k);
      if (parallel().size > 1) gather_on_root("");
    }
  }
  const std::vector<std::string> all = gather_on_root(mine);
  for (std::size_t r = 0; r < all.size(); ++r) std::cout << "rank " << r << ":" << all[r] << "\n";
  parallel_finalize();
  return 0;
}
