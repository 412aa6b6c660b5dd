#include "report/json_text.h"

namespace kl::report {

std::string nested_json(const nlohmann::ordered_json& j, int depth) {
  std::string text = j.dump(2);
  std::string pad(static_cast<size_t>(depth) * 2, ' ');
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

}  // namespace kl::report
