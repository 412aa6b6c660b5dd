#include "code/syntax.h"

extern "C" {
const TSLanguage* tree_sitter_python();
const TSLanguage* tree_sitter_javascript();
const TSLanguage* tree_sitter_typescript();
const TSLanguage* tree_sitter_tsx();
}

namespace kl::code {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

const TSLanguage* grammar(Language lang) {
  switch (lang) {
    case Language::Python: return tree_sitter_python();
    case Language::JavaScript: return tree_sitter_javascript();
    case Language::TypeScript: return tree_sitter_typescript();
    case Language::Tsx: return tree_sitter_tsx();
  }
  return nullptr;
}

// A parse that takes longer than this is abandoned: a pathological file must not hold a
// worker for long (tree-sitter is linear; this only trips on huge machine-made files).
constexpr uint64_t kParseTimeoutMicros = 5'000'000;

}  // namespace

std::optional<Language> language_for_path(std::string_view path) {
  if (ends_with(path, ".py")) return Language::Python;
  if (ends_with(path, ".js") || ends_with(path, ".mjs") || ends_with(path, ".cjs") || ends_with(path, ".jsx"))
    return Language::JavaScript;
  if (ends_with(path, ".d.ts")) return std::nullopt;
  if (ends_with(path, ".ts") || ends_with(path, ".mts") || ends_with(path, ".cts")) return Language::TypeScript;
  if (ends_with(path, ".tsx")) return Language::Tsx;
  return std::nullopt;
}

const char* language_name(Language lang) {
  switch (lang) {
    case Language::Python: return "Python";
    case Language::JavaScript: return "JavaScript";
    case Language::TypeScript: return "TypeScript";
    case Language::Tsx: return "TSX";
  }
  return "?";
}

std::optional<SyntaxTree> SyntaxTree::parse(Language lang, std::string_view text) {
  TSParser* parser = ts_parser_new();
  if (!ts_parser_set_language(parser, grammar(lang))) {  // ABI refused by the runtime
    ts_parser_delete(parser);
    return std::nullopt;
  }
  ts_parser_set_timeout_micros(parser, kParseTimeoutMicros);
  TSTree* tree = ts_parser_parse_string(parser, nullptr, text.data(), static_cast<uint32_t>(text.size()));
  ts_parser_delete(parser);
  if (!tree) return std::nullopt;
  return SyntaxTree(lang, text, tree);
}

TSNode SyntaxTree::root() const { return ts_tree_root_node(tree_.get()); }

std::string_view text_of(TSNode n, std::string_view source) {
  if (is_null(n)) return {};
  uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (b > source.size() || e > source.size() || e < b) return {};
  return source.substr(b, e - b);
}

model::Location location_of(TSNode n, model::FileId file) {
  if (is_null(n)) return {file, 0, 0};
  TSPoint p = ts_node_start_point(n);
  return {file, p.row + 1, p.column + 1};
}

std::optional<std::string> literal_string(TSNode n, std::string_view source) {
  std::string_view t = type_of(n);
  if (t == "concatenated_string") {
    std::string out;
    for (uint32_t i = 0; i < named_count(n); ++i) {
      auto part = literal_string(named_child(n, i), source);
      if (!part) return std::nullopt;
      out += *part;
    }
    return out;
  }
  if (t == "string") {
    // Python: string_start string_content* (interpolation|escape_sequence)* string_end.
    // JS: string_fragment / escape_sequence children between the quotes.
    std::string out;
    bool python_prefix_f = false;
    for (uint32_t i = 0; i < named_count(n); ++i) {
      TSNode c = named_child(n, i);
      std::string_view ct = type_of(c);
      if (ct == "interpolation") return std::nullopt;
      if (ct == "string_start") {
        for (char ch : text_of(c, source))
          if (ch == 'f' || ch == 'F') python_prefix_f = true;
      } else if (ct == "string_content" || ct == "string_fragment" || ct == "escape_sequence") {
        out += text_of(c, source);
      }
    }
    (void)python_prefix_f;
    return out;
  }
  if (t == "template_string") {
    std::string out;
    for (uint32_t i = 0; i < named_count(n); ++i) {
      TSNode c = named_child(n, i);
      if (is(c, "template_substitution")) return std::nullopt;
      out += text_of(c, source);
    }
    return out;
  }
  return std::nullopt;
}

}  // namespace kl::code
