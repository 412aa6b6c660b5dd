#include "iam/embedded_data.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "load/json_reader.h"

namespace kl::iam::detail {

extern const std::vector<std::pair<std::string_view, std::string_view>> kIamDataFiles;

const model::Value& embedded_json(std::string_view file_name) {
  // Parsed on first use, once per file; rules may ask from several threads.
  static std::mutex mu;
  static std::map<std::string, model::Value, std::less<>> parsed;
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = parsed.find(file_name); it != parsed.end()) return it->second;
  for (const auto& [name, text] : kIamDataFiles) {
    if (name != file_name) continue;
    model::Diagnostics diags;
    std::string label = "(built-in) " + std::string(name);
    auto value = load::parse_json(text, model::intern_file(label), diags);
    if (!value || !value->is_map()) {
      std::fprintf(stderr, "kumolens: embedded IAM data %s is not a JSON object\n", label.c_str());
      std::abort();
    }
    return parsed.emplace(std::string(file_name), std::move(*value)).first->second;
  }
  std::fprintf(stderr, "kumolens: no embedded IAM data file %.*s\n", static_cast<int>(file_name.size()),
               file_name.data());
  std::abort();
}

}  // namespace kl::iam::detail
