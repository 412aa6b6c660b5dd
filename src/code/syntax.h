#pragma once
// Syntax trees of function code: Python, JavaScript and TypeScript parsed by tree-sitter
// (Debian's runtime 0.20.7, grammars compiled in from the npm tarballs; docs/code-analysis.md).
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <tree_sitter/api.h>

#include "model/location.h"

namespace kl::code {

enum class Language { Python, JavaScript, TypeScript, Tsx };

/// The language of a source file by its name; nullopt for anything else (and for `.d.ts`
/// declaration files, which hold no code).
std::optional<Language> language_for_path(std::string_view path);
const char* language_name(Language lang);
/// Python or one of the JavaScript family (JS, TS, TSX share one analyzer).
inline bool is_python(Language lang) { return lang == Language::Python; }

/// A parsed file. Owns the tree; nodes borrow from it and from `text`.
class SyntaxTree {
 public:
  SyntaxTree(const SyntaxTree&) = delete;
  SyntaxTree& operator=(const SyntaxTree&) = delete;
  SyntaxTree(SyntaxTree&&) noexcept = default;
  SyntaxTree& operator=(SyntaxTree&&) noexcept = default;

  /// Parses `text` (which must outlive the tree). nullopt when tree-sitter gives up (the
  /// parse timed out or the grammar was refused by the runtime).
  static std::optional<SyntaxTree> parse(Language lang, std::string_view text);

  TSNode root() const;
  Language language() const { return lang_; }
  std::string_view text() const { return text_; }

 private:
  SyntaxTree(Language lang, std::string_view text, TSTree* tree) : lang_(lang), text_(text), tree_(tree) {}
  struct TreeDeleter {
    void operator()(TSTree* t) const { ts_tree_delete(t); }
  };
  Language lang_;
  std::string_view text_;
  std::unique_ptr<TSTree, TreeDeleter> tree_;
};

// Small helpers over TSNode: tree-sitter's C API, spelled the way the analyzers read.
inline bool is_null(TSNode n) { return ts_node_is_null(n); }
inline std::string_view type_of(TSNode n) { return is_null(n) ? std::string_view() : ts_node_type(n); }
inline bool is(TSNode n, std::string_view type) { return type_of(n) == type; }
inline TSNode field(TSNode n, std::string_view name) {
  return ts_node_child_by_field_name(n, name.data(), static_cast<uint32_t>(name.size()));
}
inline uint32_t named_count(TSNode n) { return is_null(n) ? 0 : ts_node_named_child_count(n); }
inline TSNode named_child(TSNode n, uint32_t i) { return ts_node_named_child(n, i); }
/// The source text of a node.
std::string_view text_of(TSNode n, std::string_view source);
/// The node's start as a Location in `file` (1-based line and column).
model::Location location_of(TSNode n, model::FileId file);

/// The value of a string literal without quotes and prefixes, when it has no interpolation
/// (Python string / concatenated_string, JS string, template_string without substitutions).
std::optional<std::string> literal_string(TSNode n, std::string_view source);

}  // namespace kl::code
