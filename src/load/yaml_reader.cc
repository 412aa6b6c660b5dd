#include "load/yaml_reader.h"

#include <yaml.h>

#include <algorithm>

#include <cstring>
#include <map>
#include <memory>
#include <string>

#include "load/line_index.h"
#include "load/map_builder.h"

namespace kl::load {
namespace {

using model::Location;
using model::Value;

/// Maps a YAML tag to the long-form key it stands for; "" when it is not a CFN tag.
std::string intrinsic_for_tag(std::string_view tag) {
  if (tag.empty() || tag[0] != '!' || tag.size() < 2 || tag[1] == '!') return "";
  std::string_view name = tag.substr(1);
  if (name == "Ref") return "Ref";
  if (name == "Condition") return "Condition";
  static const char* const kFns[] = {
      "Sub",    "GetAtt", "If",  "Join",   "Select", "Split",       "FindInMap", "ImportValue",
      "Base64", "Cidr",   "GetAZs", "Equals", "And", "Or",          "Not",       "Transform",
      "Length", "ToJsonString"};
  for (const char* fn : kFns)
    if (name == fn) return std::string("Fn::") + fn;
  return "";
}

bool is_null_text(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

std::optional<bool> bool_text(std::string_view s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

bool is_number_text(std::string_view s) {
  if (s.empty()) return false;
  size_t i = 0;
  if (s[0] == '-' || s[0] == '+') i = 1;
  if (i >= s.size()) return false;
  if (s.size() > i + 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'o')) {
    for (size_t j = i + 2; j < s.size(); ++j)
      if (!std::isxdigit(static_cast<unsigned char>(s[j]))) return false;
    return true;
  }
  bool digits = false, dot = false, exp = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (c == '.' && !dot && !exp) {
      dot = true;
    } else if ((c == 'e' || c == 'E') && digits && !exp) {
      exp = true;
      if (i + 1 < s.size() && (s[i + 1] == '+' || s[i + 1] == '-')) ++i;
      digits = false;
    } else if (c == '_') {
      continue;
    } else {
      return false;
    }
  }
  return digits;
}

/// What copying a value costs: nodes and bytes of text (keys and scalars).
struct CopyCost {
  size_t nodes = 0;
  size_t bytes = 0;
};

void add_cost(const Value& v, CopyCost& c) {
  ++c.nodes;
  c.bytes += v.str().size();
  for (const Value& item : v.items()) add_cost(item, c);
  for (const auto& m : v.members()) {
    c.bytes += m.key.size();
    add_cost(m.value, c);
  }
}

/// Builds the tree from libyaml events. Containers under construction live on a stack.
class Builder {
 public:
  Builder(model::FileId file, model::Diagnostics& diags, const ParseLimits& limits)
      : file_(file), diags_(diags), limits_(limits) {}

  std::optional<Value> run(std::string_view text) {
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
      model::add_error(diags_, {file_, 0, 0}, "cannot initialize the YAML parser");
      return std::nullopt;
    }
    std::unique_ptr<yaml_parser_t, void (*)(yaml_parser_t*)> guard(&parser, yaml_parser_delete);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
    bool done = false;
    while (!done) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser, &event)) {
        Location loc{file_, static_cast<uint32_t>(parser.problem_mark.line + 1),
                     static_cast<uint32_t>(parser.problem_mark.column + 1)};
        // At the end of the input libyaml moves to a line past the last one: report the
        // end of the last line instead.
        if (parser.problem_mark.index >= text.size()) {
          auto [line, col] = LineIndex(text).at(text.size());
          loc = Location{file_, line, col};
        }
        // Reader errors (bad UTF-8, control characters) leave problem_mark unset and give
        // a byte offset instead.
        if (parser.error == YAML_READER_ERROR) {
          auto [line, col] = LineIndex(text).at(std::min(parser.problem_offset, text.size()));
          loc = Location{file_, line, col};
        }
        std::string msg = parser.problem ? parser.problem : "invalid YAML";
        if (parser.context) msg = std::string(parser.context) + ": " + msg;
        model::add_error(diags_, loc, "malformed YAML: " + msg);
        return std::nullopt;
      }
      std::unique_ptr<yaml_event_t, void (*)(yaml_event_t*)> event_guard(&event,
                                                                          yaml_event_delete);
      Location loc{file_, static_cast<uint32_t>(event.start_mark.line + 1),
                   static_cast<uint32_t>(event.start_mark.column + 1)};
      switch (event.type) {
        case YAML_STREAM_END_EVENT:
        case YAML_DOCUMENT_END_EVENT:
          // Only the first document matters for templates.
          done = true;
          break;
        case YAML_SCALAR_EVENT:
          if (!on_value(make_scalar(event, loc), anchor_of(event.data.scalar.anchor), tag_of(event.data.scalar.tag)))
            return std::nullopt;
          break;
        case YAML_ALIAS_EVENT: {
          std::string name = reinterpret_cast<const char*>(event.data.alias.anchor);
          auto it = anchors_.find(name);
          if (it == anchors_.end()) {
            model::add_error(diags_, loc, "unknown YAML alias '" + name + "'");
            return std::nullopt;
          }
          if (!charge(it->second.second, loc)) return std::nullopt;
          Value copy = it->second.first;
          if (!on_value(std::move(copy), "", "")) return std::nullopt;
          break;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
          if (stack_.size() >= limits_.max_depth) {
            model::add_error(diags_, loc,
                             "nesting deeper than " + std::to_string(limits_.max_depth) +
                                 " levels; file skipped");
            return std::nullopt;
          }
          bool is_seq = event.type == YAML_SEQUENCE_START_EVENT;
          // Built in place: a Frame is large, and moving it costs.
          Frame& f = stack_.emplace_back();
          f.value = is_seq ? Value::list(loc) : Value::map(loc);
          f.anchor = anchor_of(is_seq ? event.data.sequence_start.anchor
                                      : event.data.mapping_start.anchor);
          f.tag = tag_of(is_seq ? event.data.sequence_start.tag : event.data.mapping_start.tag);
          break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
          // Only the value, anchor and tag outlive the frame.
          Frame& f = stack_.back();
          Value v = std::move(f.value);
          std::string anchor = std::move(f.anchor);
          std::string tag = std::move(f.tag);
          stack_.pop_back();
          if (!on_value(std::move(v), anchor, tag)) return std::nullopt;
          break;
        }
        default:
          break;
      }
      if (root_ && stack_.empty()) done = true;
    }
    if (!root_) return Value::null(Location{file_, 1, 1});
    return std::move(root_);
  }

 private:
  struct Frame {
    Value value;
    std::string anchor;
    std::string tag;
    bool have_key = false;
    std::string key;
    Location key_loc;
    MapBuilder members;
  };

  // Views into the event: valid until the event is deleted.
  static std::string_view anchor_of(const yaml_char_t* a) {
    return a ? std::string_view(reinterpret_cast<const char*>(a)) : std::string_view();
  }
  static std::string_view tag_of(const yaml_char_t* t) {
    return t ? std::string_view(reinterpret_cast<const char*>(t)) : std::string_view();
  }

  Value make_scalar(const yaml_event_t& e, Location loc) {
    std::string text(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
    std::string_view tag = tag_of(e.data.scalar.tag);
    bool plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (tag == "tag:yaml.org,2002:str" || !plain || (!tag.empty() && tag[0] == '!'))
      return Value::string(std::move(text), loc);
    if (is_null_text(text)) return Value::null(loc);
    if (auto b = bool_text(text)) return Value::boolean(*b, loc);
    if (is_number_text(text)) return Value::number(std::move(text), loc);
    return Value::string(std::move(text), loc);
  }

  /// Wraps a value under a CFN short-form tag into its long form.
  Value apply_tag(Value v, std::string_view tag) {
    std::string key = intrinsic_for_tag(tag);
    if (key.empty()) return v;
    Location loc = v.loc();
    Value m = Value::map(loc);
    m.set(key, std::move(v), loc);
    return m;
  }

  /// Counts a copy against the alias budget; false (with the error) when it is spent.
  bool charge(const CopyCost& c, Location loc) {
    alias_nodes_ += c.nodes;
    alias_bytes_ += c.bytes;
    if (alias_nodes_ > limits_.max_alias_nodes) {
      model::add_error(diags_, loc,
                       "YAML aliases expand to more than " +
                           std::to_string(limits_.max_alias_nodes) +
                           " nodes (alias bomb?); file skipped");
      return false;
    }
    if (alias_bytes_ > limits_.max_alias_bytes) {
      model::add_error(diags_, loc,
                       "YAML aliases expand to more than " +
                           std::to_string(limits_.max_alias_bytes) +
                           " bytes (alias bomb?); file skipped");
      return false;
    }
    return true;
  }

  // By rvalue reference: a Value is large, and each by-value hop is a move.
  bool on_value(Value&& v, std::string_view anchor, std::string_view tag) {
    if (!tag.empty()) v = apply_tag(std::move(v), tag);
    if (!anchor.empty()) {
      // Keeping the anchor is a copy too: nested anchors over one big value would
      // otherwise cost depth x size.
      CopyCost cost;
      add_cost(v, cost);
      if (!charge(cost, v.loc())) return false;
      anchors_[std::string(anchor)] = {v, cost};
    }
    if (stack_.empty()) {
      if (!root_) root_ = std::move(v);
      return true;
    }
    Frame& top = stack_.back();
    if (top.value.is_list()) {
      // As for maps (MapBuilder): skip the first regrowths.
      if (top.value.items().capacity() == 0) top.value.items().reserve(4);
      top.value.push(std::move(v));
      return true;
    }
    if (!top.have_key) {
      top.have_key = true;
      // String and number keys (nearly all of them) hand their text over.
      if (v.is_string() || v.is_number())
        top.key = v.release_str();
      else
        top.key = v.is_scalar() ? v.scalar_text() : v.debug();
      if (v.is_null() && v.str().empty()) top.key = v.scalar_text();
      top.key_loc = v.loc();
      return true;
    }
    top.have_key = false;
    if (top.key == "<<" && (v.is_map() || v.is_list())) {
      merge_into(top.value, top.members, v);
      return true;
    }
    if (top.members.set(top.value, std::move(top.key), std::move(v), top.key_loc))
      model::add_warning(diags_, top.key_loc, "duplicate key '" + top.key + "'; the last one wins");
    return true;
  }

  /// YAML merge key `<<: *base` (or a list of them): keys already present win.
  static void merge_into(Value& target, MapBuilder& members, const Value& src) {
    if (src.is_list()) {
      for (const Value& item : src.items()) merge_into(target, members, item);
      return;
    }
    for (const auto& m : src.members())
      if (!target.get(m.key)) members.set(target, std::string(m.key), Value(m.value), m.key_loc);
  }

  model::FileId file_;
  model::Diagnostics& diags_;
  const ParseLimits& limits_;
  std::vector<Frame> stack_;
  std::optional<Value> root_;
  std::map<std::string, std::pair<Value, CopyCost>> anchors_;
  size_t alias_nodes_ = 0;
  size_t alias_bytes_ = 0;
};

}  // namespace

std::optional<model::Value> parse_yaml(std::string_view text, model::FileId file,
                                       model::Diagnostics& diags, const ParseLimits& limits) {
  Builder b(file, diags, limits);
  return b.run(text);
}

}  // namespace kl::load
