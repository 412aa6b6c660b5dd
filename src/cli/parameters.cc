#include "cli/parameters.h"

#include "load/json_reader.h"
#include "load/source_file.h"

namespace kl::cli {

std::map<std::string, std::string> parse_parameters(const std::vector<std::string>& args,
                                                    model::Diagnostics& diags) {
  std::map<std::string, std::string> out;
  for (const std::string& a : args) {
    size_t eq = a.find('=');
    if (eq != std::string::npos && eq > 0) {
      out[a.substr(0, eq)] = a.substr(eq + 1);
      continue;
    }
    auto text = load::read_source(a, {}, diags);
    if (!text) continue;
    auto doc = load::parse_json(*text, model::intern_file(a), diags);
    if (!doc) continue;
    auto scalar = [](const model::Value* v) -> std::optional<std::string> {
      if (v && v->is_scalar() && !v->is_null()) return v->scalar_text();
      return std::nullopt;
    };
    if (doc->is_map()) {
      for (const auto& m : doc->members())
        if (auto s = scalar(&m.value)) out[m.key] = *s;
    } else if (doc->is_list()) {
      for (const model::Value& item : doc->items()) {
        auto k = scalar(item.get("ParameterKey"));
        auto v = scalar(item.get("ParameterValue"));
        if (k && v) out[*k] = *v;
        else model::add_error(diags, item.loc(), "expected ParameterKey and ParameterValue");
      }
    } else {
      model::add_error(diags, doc->loc(), "parameters file must be a map or a list");
    }
  }
  return out;
}

}  // namespace kl::cli
