#include "code/handlers.h"

#include <filesystem>

namespace kl::code {
namespace {

namespace fs = std::filesystem;

const model::Value* raw_property(const model::Model& m, const std::string& id, std::string_view name) {
  const model::Value* res = m.raw.get("Resources");
  res = res ? res->get(id) : nullptr;
  const model::Value* props = res ? res->get("Properties") : nullptr;
  return props ? props->get(name) : nullptr;
}

const model::Value* raw_global(const model::Model& m, std::string_view name) {
  const model::Value* g = m.raw.get("Globals");
  g = g ? g->get("Function") : nullptr;
  return g ? g->get(name) : nullptr;
}

std::string text(const model::Value* v) { return v && v->is_string() ? v->str() : std::string(); }

}  // namespace

std::pair<std::string, std::string> split_handler(const std::string& handler, bool python) {
  size_t dot = handler.rfind('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == handler.size()) return {};
  std::string module = handler.substr(0, dot);
  if (python) {
    // Python handlers name packages with dots: "pkg.mod.fn" is pkg/mod.py.
    size_t slash = module.rfind('/');
    for (size_t i = slash == std::string::npos ? 0 : slash; i < module.size(); ++i)
      if (module[i] == '.') module[i] = '/';
  }
  return {module, handler.substr(dot + 1)};
}

std::string module_key(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(fs::path(path), ec);
  if (ec) p = fs::path(path);
  p = p.lexically_normal();
  p.replace_extension();
  return p.string();
}

std::vector<HandlerDecl> handlers_of(const model::Model& m) {
  std::vector<HandlerDecl> out;
  fs::path dir = fs::path(m.file).parent_path();
  for (const auto& r : m.resources) {
    if (r->type != "AWS::Lambda::Function") continue;
    std::string handler = text(r->prop("Handler"));
    if (handler.empty()) continue;
    std::string runtime = text(r->prop("Runtime"));
    // Inline code and container images have no file in the tree to read.
    if (const model::Value* code = r->prop("Code"); code && (code->get("ZipFile") || code->get("ImageUri"))) continue;
    std::string code_dir;
    if (m.source == model::SourceKind::Sam) {
      // SAM's expansion turns a local CodeUri into "uploaded by sam package": read it as written.
      code_dir = text(raw_property(m, r->id, "CodeUri"));
      if (code_dir.empty()) code_dir = text(raw_global(m, "CodeUri"));
    } else if (m.source == model::SourceKind::CloudFormation) {
      code_dir = text(r->prop("Code"));  // `aws cloudformation package` form: Code: ./src
    }
    fs::path base = code_dir.empty() ? dir : dir / code_dir;
    std::string user_id = r->generated_from.empty() ? r->id : r->generated_from;
    bool python_runtime = runtime.rfind("python", 0) == 0;
    // Without a known runtime the Handler could be either kind: index both readings.
    for (bool python : {true, false}) {
      if (!runtime.empty() && python != python_runtime) continue;
      auto [module, function] = split_handler(handler, python);
      if (module.empty()) continue;
      HandlerDecl d{user_id, r->type, module_key((base / module).string() + ".x"), function, handler};
      bool dup = false;
      for (const auto& o : out) dup = dup || (o.resource == d.resource && o.module == d.module);
      if (!dup) out.push_back(std::move(d));
    }
  }
  return out;
}

void HandlerIndex::add(std::vector<HandlerDecl> decls) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& d : decls) by_module_[d.module].push_back(std::move(d));
}

const std::vector<HandlerDecl>* HandlerIndex::find(const std::string& path) const {
  auto it = by_module_.find(module_key(path));
  return it == by_module_.end() ? nullptr : &it->second;
}

}  // namespace kl::code
