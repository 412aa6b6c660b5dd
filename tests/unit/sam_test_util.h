#pragma once
// Helpers for the SAM expansion's unit tests: load a SAM template from text through the
// real loader (parse -> resolve -> expand) and look things up in the result.
#include <gtest/gtest.h>

#include <string>

#include "model/model.h"
#include "scan/scanner.h"

namespace kl::testing {

struct SamResult {
  model::Model model;
  model::Diagnostics diags;

  const model::Resource& at(const std::string& id) const {
    const model::Resource* r = model.find(id);
    if (!r) {
      ADD_FAILURE() << "no resource '" << id << "'";
      static model::Resource none;
      return none;
    }
    return *r;
  }
  bool has(const std::string& id) const { return model.find(id) != nullptr; }
  bool has_edge(const std::string& from, model::EdgeKind kind, const std::string& to) const {
    const model::Resource* r = model.find(from);
    if (!r) return false;
    for (const auto& e : r->edges)
      if (e.kind == kind && e.target == to) return true;
    return false;
  }
  bool has_diag(const std::string& text) const {
    for (const auto& d : diags)
      if (d.message == text) return true;
    return false;
  }
};

inline SamResult load_sam(const std::string& text, const std::string& path = "template.yaml") {
  SamResult out;
  scan::ScanOptions opts;
  auto m = scan::load_model(path, text, opts, true, out.diags);
  if (!m) {
    std::string why;
    for (const auto& d : out.diags) why += "\n  " + d.str();
    ADD_FAILURE() << "template did not load:" << why;
    return out;
  }
  out.model = std::move(*m);
  return out;
}

/// The value at a path of keys under `v` (nullptr when any step is missing).
inline const model::Value* dig(const model::Value& v, std::initializer_list<std::string_view> path) {
  const model::Value* at = &v;
  for (std::string_view key : path) {
    at = at->get(key);
    if (!at) return nullptr;
  }
  return at;
}

}  // namespace kl::testing
