#pragma once
// Writing JSON documents piece by piece, so large reports are streamed, not built whole.
#include <nlohmann/json.hpp>
#include <string>

namespace kl::report {

/// `j` pretty-printed exactly as the whole document's dump(2) would print it `depth`
/// levels down (two spaces a level).
std::string nested_json(const nlohmann::ordered_json& j, int depth);

}  // namespace kl::report
