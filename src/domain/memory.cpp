#include "domain/memory.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace tiendo {

void advise_huge_pages(const void* start, std::size_t bytes) {
  // Only whole huge pages inside the range: the pages around it may belong to other objects,
  // which the hint must not change.
  constexpr std::uintptr_t huge_page = 2u << 20;
  auto first = reinterpret_cast<std::uintptr_t>(start);
  auto end = first + bytes;
  auto aligned_start = (first + huge_page - 1) & ~(huge_page - 1);
  auto aligned_end = end & ~(huge_page - 1);
  if (bytes < huge_page || aligned_end <= aligned_start)
    return;
  // A failure (no transparent huge pages in this kernel) leaves ordinary pages, as without it.
  (void)madvise(reinterpret_cast<void*>(aligned_start), aligned_end - aligned_start, MADV_HUGEPAGE);
}

}  // namespace tiendo
