#include "secrets/baseline.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace kl::secrets {

std::optional<std::set<std::string>> read_baseline(const std::string& file, model::Diagnostics& diags) {
  model::FileId fid = model::intern_file(file);
  std::ifstream in(file);
  if (!in) {
    model::add_error(diags, {fid, 0, 0}, "cannot read baseline '" + file + "'");
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("fingerprints") || !j["fingerprints"].is_array()) {
    model::add_error(diags, {fid, 1, 1},
                     "not a kumolens baseline (expected {\"kumolens-baseline\": 1, \"fingerprints\": [...]})");
    return std::nullopt;
  }
  std::set<std::string> out;
  for (const auto& f : j["fingerprints"])
    if (f.is_string()) out.insert(f.get<std::string>());
  return out;
}

std::string baseline_json(const std::vector<rules::Finding>& findings) {
  std::set<std::string> fps;
  for (const auto& f : findings)
    if (!f.suppressed && f.rule.rfind("KL-SECRET-", 0) == 0) fps.insert(f.fingerprint);
  nlohmann::ordered_json j;
  j["kumolens-baseline"] = 1;
  j["note"] = "fingerprints of known secrets (hashes of detector + secret); never the secrets";
  j["fingerprints"] = fps;
  return j.dump(2) + "\n";
}

}  // namespace kl::secrets
