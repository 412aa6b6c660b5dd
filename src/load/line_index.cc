#include "load/line_index.h"

#include <algorithm>
#include <cstring>

namespace kl::load {

LineIndex::LineIndex(std::string_view text) {
  starts_.push_back(0);
  const char* base = text.data();
  const char* p = base;
  const char* end = base + text.size();
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (!nl) break;
    p = static_cast<const char*>(nl) + 1;
    starts_.push_back(static_cast<size_t>(p - base));
  }
}

std::pair<uint32_t, uint32_t> LineIndex::at(size_t offset) const {
  size_t line;  // 1-based
  size_t h = hint_;
  if (offset >= starts_[h] && (h + 1 == starts_.size() || offset < starts_[h + 1])) {
    line = h + 1;
  } else if (offset >= starts_[h] && h + 2 < starts_.size() && offset < starts_[h + 2]) {
    line = h + 2;
  } else {
    auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    line = static_cast<size_t>(it - starts_.begin());  // 1-based because of upper_bound
  }
  hint_ = line - 1;
  size_t col = offset - starts_[line - 1] + 1;
  return {static_cast<uint32_t>(line), static_cast<uint32_t>(col)};
}

}  // namespace kl::load
