// The executable is thin: everything it does lives in the libraries the tests link.
#include <iostream>

#include "cli/common.h"

int main(int argc, char** argv) {
  return tiendo::cli::run(argc, argv, std::cout, std::cerr);
}
