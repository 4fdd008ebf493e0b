#pragma once
// Large arrays and the machine's memory pages.
#include <cstddef>
#include <vector>

namespace tiendo {

// Asks the kernel to back the memory from `start` for `bytes` with huge pages when it first
// touches it. A national portfolio's arrays are tens of megabytes; filled four kilobytes at a
// time, each page costs a fault, and on a virtual machine the faults of one load can cost more
// than the reading. A hint only: where the kernel has no transparent huge pages, or the range is
// too small to hold one, nothing changes.
void advise_huge_pages(const void* start, std::size_t bytes);

// The same for a vector's reserved capacity, called right after reserving it.
template <class Element>
void advise_huge_pages(const std::vector<Element>& array) {
  advise_huge_pages(array.data(), array.capacity() * sizeof(Element));
}

}  // namespace tiendo
