#pragma once
// Byte offset -> 1-based line and column, for parsers that report offsets.
#include <cstdint>
#include <string_view>
#include <vector>

namespace kl::load {

class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  /// Line and column (both 1-based) of byte `offset`.
  std::pair<uint32_t, uint32_t> at(size_t offset) const;

 private:
  std::vector<size_t> starts_;  // offset where each line starts
  // Parsers ask in increasing order: remember the last line found and look near it first.
  mutable size_t hint_ = 0;
};

}  // namespace kl::load
