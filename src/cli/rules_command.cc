#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "rules/catalog.h"
#include "rules/rules_doc.h"
#include "secrets/catalog_entries.h"

namespace kl::cli {

using nlohmann::ordered_json;

void add_rules_flags(CLI::App& app, RulesArgs& a) {
  app.add_option("id", a.id, "a rule id, e.g. KL-COG-002");
  app.add_option("--format,-f", a.format, "text, json, markdown (the docs/rules.md page) or secrets-markdown "
                 "(docs/secrets-detectors.md)")
      ->check(CLI::IsMember({"text", "json", "markdown", "secrets-markdown"}));
  app.add_option("--lang", a.lang, "en or ja")->check(CLI::IsMember({"en", "ja"}));
  app.add_option("--output,-o", a.output, "write to FILE instead of stdout");
}

int run_rules(const RulesArgs& a) {
  const rules::Catalog& catalog = rules::Catalog::embedded();
  std::vector<const rules::RuleInfo*> selected;
  if (!a.id.empty()) {
    const rules::RuleInfo* info = catalog.find(a.id);
    if (!info) {
      std::cerr << "kumolens: error: unknown rule '" << a.id << "'";
      std::string s = catalog.suggest(a.id);
      if (!s.empty()) std::cerr << "; did you mean '" << s << "'?";
      std::cerr << '\n';
      return 2;
    }
    selected.push_back(info);
  } else {
    for (const auto& r : catalog.rules()) selected.push_back(&r);
  }
  std::ostringstream os;
  if (a.format == "json") {
    ordered_json arr = ordered_json::array();
    for (const auto* r : selected) {
      ordered_json j;
      j["id"] = r->id;
      j["service"] = r->service;
      if (!r->engine.empty()) j["engine"] = r->engine;
      j["severity"] = rules::severity_name(r->severity);
      j["title"] = {{"en", r->title.en}, {"ja", r->title.ja}};
      j["remediation"] = {{"en", r->remediation.en}, {"ja", r->remediation.ja}};
      j["rationale"] = r->rationale;
      j["references"] = r->references;
      ordered_json maps = ordered_json::object();
      for (const auto& [k, v] : r->mappings) maps[k] = v;
      j["mappings"] = maps;
      arr.push_back(j);
    }
    os << arr.dump(2) << '\n';
  } else if (a.format == "markdown") {
    os << rules::rules_markdown(catalog);
  } else if (a.format == "secrets-markdown") {
    os << secrets::detectors_markdown();
  } else if (selected.size() == 1) {
    os << rules::rule_text(*selected[0], a.lang);
  } else {
    for (const auto* r : selected)
      os << r->id << "  " << rules::severity_name(r->severity) << "  " << r->title.in(a.lang) << '\n';
  }
  if (a.output.empty()) {
    std::cout << os.str();
  } else {
    std::ofstream out(a.output);
    if (!out) {
      std::cerr << "kumolens: error: cannot write '" << a.output << "'\n";
      return 2;
    }
    out << os.str();
  }
  return 0;
}

}  // namespace kl::cli
