#include "serverless/variables.h"

#include <cctype>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "load/json_reader.h"
#include "load/source_file.h"
#include "load/yaml_reader.h"

namespace kl::serverless {

using model::Location;
using model::Value;

namespace fs = std::filesystem;

namespace {

constexpr int kMaxDepth = 200;
constexpr size_t kMaxText = 256 * 1024;  // a string built from variables (doubling references)

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool is_quoted(const std::string& s) {
  return s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front();
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// End of the `${...}` starting at `open` (index of the closing brace), or npos when it is
/// not closed. Nested `${` and quoted text are skipped.
size_t matching_close(const std::string& s, size_t open) {
  int depth = 1;
  char quote = 0;
  for (size_t j = open + 2; j < s.size(); ++j) {
    char c = s[j];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '$' && j + 1 < s.size() && s[j + 1] == '{') {
      ++depth;
      ++j;
    } else if (c == '}') {
      if (--depth == 0) return j;
    }
  }
  return std::string::npos;
}

/// Splits a variable's content at top-level commas: "self:a, 'x'" -> ["self:a", "'x'"].
std::vector<std::string> split_top(const std::string& s) {
  std::vector<std::string> out;
  int braces = 0, parens = 0;
  char quote = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '{') {
      ++braces;
    } else if (c == '}') {
      --braces;
    } else if (c == '(') {
      ++parens;
    } else if (c == ')') {
      --parens;
    } else if (c == ',' && braces == 0 && parens == 0) {
      out.push_back(trim(std::string_view(s).substr(start, i - start)));
      start = i + 1;
    }
  }
  out.push_back(trim(std::string_view(s).substr(start)));
  return out;
}

struct Reference {
  std::string source;   // "self", "file", ...
  std::string arg;      // inside the parentheses of file(...)
  std::string address;  // after the colon
  bool ok = false;
};

Reference parse_reference(const std::string& ref) {
  Reference r;
  size_t i = 0;
  while (i < ref.size() && (std::isalnum(static_cast<unsigned char>(ref[i])) || ref[i] == '_'))
    ++i;
  if (i == 0) return r;
  r.source = ref.substr(0, i);
  if (i < ref.size() && ref[i] == '(') {
    int depth = 0;
    size_t j = i;
    for (; j < ref.size(); ++j) {
      if (ref[j] == '(') ++depth;
      else if (ref[j] == ')' && --depth == 0) break;
    }
    if (j >= ref.size()) return r;
    r.arg = trim(std::string_view(ref).substr(i + 1, j - i - 1));
    i = j + 1;
    if (i < ref.size() && ref[i] != ':') return r;
  } else if (i >= ref.size() || ref[i] != ':') {
    return r;
  }
  if (i < ref.size()) r.address = trim(std::string_view(ref).substr(i + 1));
  r.ok = true;
  return r;
}

std::string variable_text(const std::string& content) { return "${" + content + "}"; }

std::optional<Value> literal_fallback(const std::string& fb, Location loc) {
  if (is_quoted(fb)) return Value::string(fb.substr(1, fb.size() - 2), loc);
  if (fb == "true" || fb == "false") return Value::boolean(fb == "true", loc);
  if (fb == "null") return std::nullopt;
  char* end = nullptr;
  std::strtod(fb.c_str(), &end);
  if (!fb.empty() && end == fb.c_str() + fb.size()) return Value::number(fb, loc);
  return Value::string(fb, loc);
}

}  // namespace

bool is_variable_content(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && text[i] == ' ') ++i;
  size_t start = i;
  if (i >= text.size() || !std::isalpha(static_cast<unsigned char>(text[i]))) return false;
  while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_'))
    ++i;
  if (i == start) return false;
  if (i < text.size() && text[i] == '(') return true;  // file(...), strToBool(...)
  // `AWS::Region` has a double colon: a CloudFormation pseudo parameter, not a variable.
  return i < text.size() && text[i] == ':' && (i + 1 >= text.size() || text[i + 1] != ':');
}

IncludeReader disk_include_reader(size_t max_bytes) {
  return [max_bytes](const std::string& path, std::string& why) -> std::optional<IncludedFile> {
    std::error_code ec;
    fs::path canon = fs::canonical(path, ec);
    if (ec) {
      if (ec == std::errc::too_many_symbolic_link_levels) why = "symlink loop";
      else if (ec == std::errc::no_such_file_or_directory) why = "no such file";
      else why = ec.message();
      return std::nullopt;
    }
    auto st = fs::status(canon, ec);
    if (ec || !fs::is_regular_file(st)) {
      why = "not a regular file";
      return std::nullopt;
    }
    auto size = fs::file_size(canon, ec);
    if (ec || size > max_bytes) {
      why = "larger than " + std::to_string(max_bytes) + " bytes";
      return std::nullopt;
    }
    std::ifstream in(canon, std::ios::binary);
    if (!in) {
      why = "cannot open";
      return std::nullopt;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (load::looks_binary(text)) {
      why = "binary file";
      return std::nullopt;
    }
    return IncludedFile{fs::path(path).lexically_normal().string(), canon.string(), std::move(text)};
  };
}

struct VariableResolver::Loaded {
  IncludedFile file;
  std::optional<Value> doc;
};

VariableResolver::VariableResolver(const Value& doc, VariableOptions opts,
                                   model::Diagnostics& diags)
    : doc_(doc), opts_(std::move(opts)), diags_(diags) {
  if (!opts_.reader) opts_.reader = disk_include_reader(1024 * 1024);
  main_.base_dir = opts_.base_dir.empty() ? "." : opts_.base_dir;
}

VariableResolver::~VariableResolver() = default;

Value VariableResolver::resolve_document() { return resolve_node(doc_, main_, 0); }

Value VariableResolver::resolve(const Value& v) { return resolve_node(v, main_, 0); }

std::optional<std::string> VariableResolver::setting(const std::string& option,
                                                     const std::string& address,
                                                     const std::string& fallback) {
  if (auto it = opts_.options.find(option); it != opts_.options.end()) return it->second;
  std::optional<Value> v = self_path(doc_, address, doc_.loc(), main_, 0);
  if (!v) return fallback;
  if (v->is_string() || v->is_number()) return v->scalar_text();
  return std::nullopt;
}

std::optional<std::string> VariableResolver::stage() {
  return setting("stage", "provider.stage", "dev");
}

std::optional<std::string> VariableResolver::region() {
  return setting("region", "provider.region", "us-east-1");
}

Value VariableResolver::resolve_node(const Value& v, const Ctx& ctx, int depth) {
  if (depth > kMaxDepth) return Value::unknown("variables nested too deeply", v.loc());
  // Every node being resolved is marked, so `${self:custom}` inside `custom` is a cycle.
  bool marked = (v.is_map() || v.is_list() || v.is_string()) && in_progress_.insert(&v).second;
  struct Unmark {
    std::set<const Value*>& set;
    const Value* node;
    bool on;
    ~Unmark() {
      if (on) set.erase(node);
    }
  } unmark{in_progress_, &v, marked};
  switch (v.kind()) {
    case model::Kind::String:
      if (v.str().find("${") == std::string::npos) return v;
      return resolve_string(v, ctx, depth + 1);
    case model::Kind::Map: {
      Value out = Value::map(v.loc());
      out.members().reserve(v.members().size());
      for (const auto& m : v.members())
        out.members().push_back(model::Member{m.key, m.key_loc, resolve_node(m.value, ctx, depth + 1)});
      return out;
    }
    case model::Kind::List: {
      Value out = Value::list(v.loc());
      out.items().reserve(v.items().size());
      for (const Value& item : v.items()) out.push(resolve_node(item, ctx, depth + 1));
      return out;
    }
    default:
      return v;
  }
}

Value VariableResolver::resolve_string(const Value& v, const Ctx& ctx, int depth) {
  const std::string& s = v.str();
  std::string out;
  bool known = true;
  std::string first_why;
  size_t i = 0;
  while (i < s.size()) {
    size_t open = s.find("${", i);
    if (open == std::string::npos) {
      out.append(s, i, std::string::npos);
      break;
    }
    out.append(s, i, open - i);
    size_t close = matching_close(s, open);
    if (close == std::string::npos) {
      if (is_variable_content(std::string_view(s).substr(open + 2))) {
        std::string shown = s.substr(open, 40);
        model::add_error(diags_, v.loc(), "unterminated variable '" + shown + "'");
        return Value::unknown("unterminated variable in '" + s + "'", v.loc());
      }
      out.append(s, open, std::string::npos);
      break;
    }
    std::string content = s.substr(open + 2, close - open - 2);
    if (!is_variable_content(content)) {
      // A CloudFormation placeholder for Fn::Sub: keep `${`, look for variables inside.
      out += "${";
      i = open + 2;
      continue;
    }
    i = close + 1;
    Value r = variable(content, v.loc(), ctx, depth + 1);
    if (open == 0 && close + 1 == s.size()) return r;  // the whole string: any kind
    if (r.is_string() || r.is_number() || r.is_bool()) {
      out += r.scalar_text();
      if (out.size() > kMaxText)
        return Value::unknown("'" + s + "' expands to more than " + std::to_string(kMaxText) + " bytes",
                              v.loc());
    } else {
      known = false;
      if (first_why.empty())
        first_why = r.is_unknown() ? r.str()
                                   : std::string("a ") + model::kind_name(r.kind()) +
                                         " cannot be embedded in a string";
      out += variable_text(content);
    }
  }
  if (known) return Value::string(std::move(out), v.loc());
  return Value::unknown("'" + out + "': " + first_why, v.loc());
}

std::optional<std::string> VariableResolver::text_of(const std::string& s, Location loc,
                                                     const Ctx& ctx, int depth, std::string* why) {
  if (s.find("${") == std::string::npos) return s;
  Value r = resolve_string(Value::string(s, loc), ctx, depth + 1);
  if (r.is_string() || r.is_number() || r.is_bool()) return r.scalar_text();
  if (why) *why = r.is_unknown() ? r.str() : "not a string";
  return std::nullopt;
}

Value VariableResolver::variable(const std::string& content, Location loc, const Ctx& ctx,
                                 int depth) {
  if (++resolutions_ > opts_.max_resolutions) {
    if (!budget_reported_) {
      budget_reported_ = true;
      model::add_warning(diags_, loc,
                         "more than " + std::to_string(opts_.max_resolutions) +
                             " variable references; the rest are left unknown");
    }
    return Value::unknown("too many variable references", loc);
  }
  std::vector<std::string> parts = split_top(content);
  std::string why;
  std::optional<std::string> ref = text_of(parts[0], loc, ctx, depth, &why);
  if (!ref) return Value::unknown(variable_text(content) + ": " + why, loc);
  bool has_fallback = parts.size() > 1;
  missing_why_.clear();
  std::optional<Value> r = reference(*ref, loc, ctx, depth, has_fallback);
  if (r) return *r;
  std::string missing = missing_why_;
  for (size_t k = 1; k < parts.size(); ++k) {
    const std::string& fb = parts[k];
    if (fb.rfind("${", 0) == 0) {
      Value f = resolve_string(Value::string(fb, loc), ctx, depth + 1);
      if (!f.is_null()) return f;
      continue;
    }
    if (!is_quoted(fb) && is_variable_content(fb)) {  // `${opt:stage, self:provider.stage}`
      missing_why_.clear();
      if (auto f = reference(fb, loc, ctx, depth, k + 1 < parts.size())) return *f;
      continue;
    }
    if (auto lit = literal_fallback(fb, loc)) return *lit;
  }
  std::string src = parse_reference(*ref).source;
  if (src == "self" || src == "file" || src == "param")
    model::add_warning(diags_, loc, "variable '" + variable_text(content) + "': " + missing);
  return Value::unknown(variable_text(content) + ": " + missing, loc);
}

std::optional<Value> VariableResolver::reference(const std::string& ref_text, Location loc,
                                                 const Ctx& ctx, int depth, bool has_fallback) {
  Reference ref = parse_reference(ref_text);
  std::string shown = variable_text(ref_text);
  if (!ref.ok) {
    model::add_error(diags_, loc, "malformed variable '" + shown + "'");
    return Value::unknown("malformed variable '" + shown + "'", loc);
  }
  const std::string& src = ref.source;
  if (src == "self") {
    std::optional<Value> v = self_path(doc_, ref.address, loc, main_, depth);
    if (!v && (ref.address == "provider.region" || ref.address == "provider.stage")) {
      // The framework fills these in before resolving: --region / --stage, else
      // us-east-1 / dev.
      if (auto s = ref.address == "provider.region" ? region() : stage()) {
        missing_why_.clear();
        return Value::string(*s, loc);
      }
    }
    return v;
  }
  if (src == "file") return include(ref.arg, ref.address, loc, ctx, depth, has_fallback);
  if (src == "opt") {
    if (auto it = opts_.options.find(ref.address); it != opts_.options.end())
      return Value::string(it->second, loc);
    missing_why_ = "option '--" + ref.address + "' is not given";
    return std::nullopt;
  }
  if (src == "env") {
    missing_why_ = "environment variable '" + ref.address +
                   "' is known only where the framework runs (kumolens does not read it)";
    return std::nullopt;
  }
  if (src == "param") {
    if (auto st = stage()) {
      if (auto v = self_path(doc_, "params." + *st + "." + ref.address, loc, main_, depth))
        return v;
    }
    if (auto v = self_path(doc_, "params.default." + ref.address, loc, main_, depth)) return v;
    missing_why_ = "parameter '" + ref.address + "' is not set in 'params'";
    return std::nullopt;
  }
  if (src == "sls") {
    if (ref.address == "stage") {
      if (auto st = stage()) return Value::string(*st, loc);
      return Value::unknown(shown + ": the stage is unknown", loc);
    }
    return Value::unknown(shown + " is known only when the framework runs", loc);
  }
  if (src == "aws")
    return Value::unknown(shown + " depends on the AWS credentials used to deploy", loc);
  if (src == "ssm")
    return Value::unknown(shown + ": SSM parameter '" + ref.address + "' is read at deploy time", loc);
  if (src == "cf")
    return Value::unknown(shown + ": CloudFormation output '" + ref.address +
                              "' is read from another stack at deploy time", loc);
  if (src == "s3")
    return Value::unknown(shown + ": S3 object '" + ref.address + "' is read at deploy time", loc);
  if (src == "strToBool") {
    std::string why;
    auto t = text_of(ref.arg, loc, ctx, depth, &why);
    if (!t) return Value::unknown(shown + ": " + why, loc);
    std::string x = trim(*t);
    if (x == "true" || x == "1") return Value::boolean(true, loc);
    if (x == "false" || x == "0" || x.empty()) return Value::boolean(false, loc);
    model::add_error(diags_, loc, "strToBool of '" + x + "', which is not a boolean");
    return Value::unknown(shown + ": not a boolean", loc);
  }
  return Value::unknown(shown + ": variable source '" + src + "' is not supported", loc);
}

std::optional<Value> VariableResolver::self_path(const Value& root, const std::string& address,
                                                 Location loc, const Ctx& ctx, int depth) {
  if (depth > kMaxDepth) return Value::unknown("variables nested too deeply", loc);
  std::deque<Value> holders;  // values resolved on the way; deque keeps them in place
  const Value* cur = &root;
  bool from_holder = false;
  auto resolve_here = [&](const Value& node) { return resolve_node(node, ctx, depth + 1); };
  std::vector<std::string> keys;
  if (!address.empty()) {
    std::stringstream ss(address);
    std::string key;
    while (std::getline(ss, key, '.')) keys.push_back(trim(key));
  }
  for (const std::string& key : keys) {
    if (cur->is_string() && cur->str().find("${") != std::string::npos) {
      if (in_progress_.count(cur)) break;  // reported as a cycle below
      holders.push_back(resolve_here(*cur));
      cur = &holders.back();
      from_holder = true;
    }
    if (cur->is_unknown())
      return Value::unknown("'" + address + "' lies under an unknown value (" + cur->str() + ")", loc);
    const Value* next = nullptr;
    if (cur->is_map()) {
      next = cur->get(key);
    } else if (cur->is_list()) {
      char* end = nullptr;
      unsigned long idx = std::strtoul(key.c_str(), &end, 10);
      if (!key.empty() && *end == '\0' && idx < cur->items().size()) next = &cur->items()[idx];
    }
    if (!next) {
      missing_why_ = "'" + address + "' is not set";
      return std::nullopt;
    }
    cur = next;
  }
  if (in_progress_.count(cur)) {
    model::add_warning(diags_, loc, "variable '${self:" + address + "}' refers to itself");
    return Value::unknown("'" + address + "' refers to itself", loc);
  }
  if (!from_holder)
    if (auto it = cache_.find(cur); it != cache_.end()) {
      if (it->second.is_null()) {
        missing_why_ = "'" + address + "' is null";
        return std::nullopt;
      }
      return it->second;
    }
  Value r = resolve_here(*cur);
  if (!from_holder) cache_[cur] = r;
  if (r.is_null()) {
    missing_why_ = "'" + address + "' is null";
    return std::nullopt;
  }
  return r;
}

std::optional<Value> VariableResolver::include(const std::string& arg_text,
                                               const std::string& address, Location loc,
                                               const Ctx& ctx, int depth, bool has_fallback) {
  (void)has_fallback;
  std::string why;
  std::optional<std::string> arg = text_of(arg_text, loc, ctx, depth, &why);
  if (!arg) return Value::unknown("${file(" + arg_text + ")}: " + why, loc);
  std::string rel = trim(*arg);
  if (is_quoted(rel)) rel = rel.substr(1, rel.size() - 2);
  std::string shown = "${file(" + rel + ")" + (address.empty() ? "" : ":" + address) + "}";
  if (rel.empty()) {
    model::add_error(diags_, loc, "variable '" + shown + "' names no file");
    return Value::unknown(shown + ": no file named", loc);
  }
  if (ctx.include_depth >= opts_.max_include_depth) {
    model::add_warning(diags_, loc,
                       "'" + shown + "' is nested more than " +
                           std::to_string(opts_.max_include_depth) + " files deep; left unknown");
    return Value::unknown(shown + ": included files nested too deeply", loc);
  }
  for (const char* ext : {".js", ".cjs", ".mjs", ".ts"})
    if (ends_with(rel, ext))
      return Value::unknown(shown + ": JavaScript files are not evaluated", loc);
  fs::path p = fs::path(rel).is_absolute() ? fs::path(rel) : fs::path(ctx.base_dir) / rel;
  std::string path = p.lexically_normal().string();
  std::string read_why;
  std::optional<IncludedFile> f = opts_.reader(path, read_why);
  if (!f) {
    missing_why_ = "cannot read '" + path + "': " + read_why;
    return std::nullopt;
  }
  auto it = files_.find(f->key);
  if (it == files_.end()) {
    auto loaded = std::make_unique<Loaded>();
    loaded->file = std::move(*f);
    model::FileId id = model::intern_file(loaded->file.path);
    const std::string& p2 = loaded->file.path;
    if (ends_with(p2, ".yml") || ends_with(p2, ".yaml"))
      loaded->doc = load::parse_yaml(loaded->file.text, id, diags_, opts_.parse);
    else if (ends_with(p2, ".json"))
      loaded->doc = load::parse_json(loaded->file.text, id, diags_, opts_.parse);
    else
      loaded->doc = Value::string(loaded->file.text, Location{id, 1, 1});
    it = files_.emplace(loaded->file.key, std::move(loaded)).first;
  }
  Loaded& l = *it->second;
  if (!l.doc) return Value::unknown(shown + ": '" + l.file.path + "' could not be parsed", loc);
  Ctx inner{fs::path(l.file.path).parent_path().string(), ctx.include_depth + 1};
  if (inner.base_dir.empty()) inner.base_dir = ".";
  // Cycles through files are caught per node by self_path (a file may well refer back to
  // another part of itself through the main file, which is no cycle).
  std::optional<Value> r = self_path(*l.doc, address, loc, inner, depth);
  if (!r && address.empty()) missing_why_ = "'" + l.file.path + "' is empty";
  else if (!r) missing_why_ = "'" + address + "' is not set in '" + l.file.path + "'";
  return r;
}

}  // namespace kl::serverless
