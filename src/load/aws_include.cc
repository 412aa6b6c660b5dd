#include "load/aws_include.h"

#include <filesystem>

#include "load/json_reader.h"
#include "load/yaml_reader.h"

namespace kl::load {
namespace {

namespace fs = std::filesystem;

/// The local file an `AWS::Include` transform names, or "" when it is not one.
std::string local_location(const model::Value& v) {
  if (!v.is_map() || v.members().size() != 1 || v.members()[0].key != "Fn::Transform") return "";
  const model::Value& t = v.members()[0].value;
  const model::Value* name = t.get("Name");
  const model::Value* params = t.get("Parameters");
  if (!name || !name->is_string() || name->str() != "AWS::Include" || !params) return "";
  const model::Value* location = params->get("Location");
  if (!location || !location->is_string()) return "";
  const std::string& l = location->str();
  if (l.empty() || l.find("://") != std::string::npos) return "";  // s3://bucket/key
  return l;
}

struct Inliner {
  const ReadLimits& read;
  const ParseLimits& parse;
  model::Diagnostics& diags;
  const IncludeLimits& limits;
  unsigned files = 0;

  void walk(model::Value& v, const fs::path& base, unsigned depth) {
    if (std::string l = local_location(v); !l.empty()) {
      splice(v, base, l, depth);
      return;
    }
    for (model::Value& item : v.items()) walk(item, base, depth);
    for (auto& m : v.members()) walk(m.value, base, depth);
  }

  void splice(model::Value& v, const fs::path& base, const std::string& location, unsigned depth) {
    const model::Location at = v.loc();
    if (depth >= limits.max_depth || files >= limits.max_files) {
      model::add_warning(diags, at, "AWS::Include of '" + location + "' not read: more than " +
                                        std::to_string(depth >= limits.max_depth ? limits.max_depth : limits.max_files) +
                                        (depth >= limits.max_depth ? " nested includes" : " included files"));
      return;
    }
    ++files;
    fs::path path = fs::path(location).is_absolute() ? fs::path(location) : base / location;
    std::string file = path.lexically_normal().string();
    model::Diagnostics local;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      // Missing (generated at build time, or left out), a folder, or a FIFO or device that
      // would block or never end: the template is still valid, so a note.
      const char* why = fs::exists(path, ec) ? "not a regular file" : "no such file";
      model::add_note(diags, at, "AWS::Include of '" + location + "' not read (" + why + "); its content is Unknown");
      return;
    }
    std::optional<std::string> text = read_source(file, read, local);
    if (!text) {
      // Unreadable or too large: a note, as above.
      std::string why = local.empty() ? "cannot read it" : local.front().message;
      model::add_note(diags, at, "AWS::Include of '" + location + "' not read (" + why + "); its content is Unknown");
      return;
    }
    model::FileId id = model::intern_file(file);
    std::optional<model::Value> doc =
        is_json_text(file, *text) ? parse_json(*text, id, diags, parse) : parse_yaml(*text, id, diags, parse);
    if (!doc) {
      model::add_note(diags, at, "AWS::Include of '" + location + "' could not be parsed; its content is Unknown");
      return;
    }
    walk(*doc, path.parent_path(), depth + 1);
    v = std::move(*doc);
  }
};

}  // namespace

void inline_local_includes(model::Value& doc, const std::string& base_dir, const ReadLimits& read,
                           const ParseLimits& parse, model::Diagnostics& diags, const IncludeLimits& limits) {
  Inliner in{read, parse, diags, limits};
  in.walk(doc, fs::path(base_dir.empty() ? "." : base_dir), 0);
}

}  // namespace kl::load
