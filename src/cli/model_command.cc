#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/parameters.h"
#include "load/discover.h"
#include "scan/scanner.h"

namespace kl::cli {

using nlohmann::ordered_json;

namespace {

ordered_json to_json(const model::Value& v) {
  switch (v.kind()) {
    case model::Kind::Null: return nullptr;
    case model::Kind::Bool: return v.boolean_value();
    case model::Kind::Number: {
      // Keep integers integral in the output; anything else as written.
      double d = v.number_value();
      if (d == static_cast<double>(static_cast<long long>(d)) && v.str().find_first_of(".eE") == std::string::npos)
        return static_cast<long long>(d);
      return d;
    }
    case model::Kind::String: return v.str();
    case model::Kind::Unknown: {
      ordered_json j = {{"unknown", v.str()}};
      if (auto r = model::resource_ref(v); !r.empty()) j["ref"] = r;
      return j;
    }
    case model::Kind::Either:
      return {{"if", v.str()}, {"then", to_json(v.items()[0])}, {"else", to_json(v.items()[1])}};
    case model::Kind::Absent: return {{"absent", true}};
    case model::Kind::List: {
      ordered_json a = ordered_json::array();
      for (const auto& item : v.items()) a.push_back(to_json(item));
      return a;
    }
    case model::Kind::Map: {
      ordered_json o = ordered_json::object();
      for (const auto& m : v.members()) o[m.key] = to_json(m.value);
      return o;
    }
  }
  return nullptr;
}

}  // namespace

void add_model_flags(CLI::App& app, ModelArgs& a) {
  app.add_option("paths", a.paths, "templates or directories")->required();
  app.add_option("--format,-f", a.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  app.add_option("--parameters,-p", a.parameters, "template parameter values");
}

int run_model(const ModelArgs& a) {
  model::Diagnostics diags;
  scan::ScanOptions opts;
  opts.paths = a.paths;
  opts.parameters = parse_parameters(a.parameters, diags);
  std::vector<std::string> files = load::discover(a.paths, {}, diags);
  ordered_json out = ordered_json::array();
  for (const std::string& path : files) {
    auto text = load::read_source(path, opts.read, diags);
    if (!text) continue;
    bool is_explicit = std::find(a.paths.begin(), a.paths.end(), path) != a.paths.end();
    auto m = scan::load_model(path, *text, opts, is_explicit, diags);
    if (!m) continue;
    ordered_json jm;
    jm["file"] = path;
    jm["source"] = model::source_kind_name(m->source);
    ordered_json resources = ordered_json::array();
    for (const auto& r : m->resources) {
      ordered_json jr;
      jr["id"] = r->id;
      jr["type"] = r->type;
      jr["file"] = model::file_path(r->loc.file);
      jr["line"] = r->loc.line;
      if (!r->generated_from.empty()) jr["generatedFrom"] = r->generated_from;
      if (!r->condition.empty()) jr["condition"] = r->condition;
      jr["properties"] = to_json(r->properties);
      ordered_json edges = ordered_json::array();
      for (const auto& e : r->edges)
        edges.push_back({{"kind", model::edge_kind_name(e.kind)}, {"target", e.target}, {"via", e.via}});
      jr["edges"] = edges;
      resources.push_back(jr);
    }
    jm["resources"] = resources;
    out.push_back(jm);
  }
  bool errors = false;
  for (const auto& d : diags) {
    std::cerr << d.str() << '\n';
    if (d.level == model::DiagLevel::Error) errors = true;
  }
  if (a.format == "json") {
    std::cout << out.dump(2) << '\n';
  } else {
    for (const auto& jm : out) {
      std::cout << jm["file"].get<std::string>() << " (" << jm["source"].get<std::string>() << ")\n";
      for (const auto& jr : jm["resources"]) {
        std::cout << "  " << jr["id"].get<std::string>() << "  " << jr["type"].get<std::string>()
                  << "  line " << jr["line"].get<uint32_t>();
        if (jr.contains("generatedFrom")) std::cout << "  (from " << jr["generatedFrom"].get<std::string>() << ")";
        std::cout << '\n';
        std::cout << "    " << jr["properties"].dump() << '\n';
      }
    }
  }
  return errors ? 2 : 0;
}

}  // namespace kl::cli
