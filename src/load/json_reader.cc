#include "load/json_reader.h"

#include <simdjson.h>

#include <cstring>
#include <string>

#include "load/line_index.h"
#include "load/map_builder.h"

namespace kl::load {
namespace {

using model::Location;
using model::Value;
namespace od = simdjson::ondemand;

class Walker {
 public:
  Walker(const simdjson::padded_string& buf, model::FileId file, model::Diagnostics& diags,
         const ParseLimits& limits)
      : buf_(buf), lines_(std::string_view(buf.data(), buf.size())), file_(file),
        diags_(diags), limits_(limits) {}

  Location loc_of(const char* p) const {
    size_t off = p >= buf_.data() ? static_cast<size_t>(p - buf_.data()) : 0;
    if (off > buf_.size()) off = buf_.size();
    auto [line, col] = lines_.at(off);
    return Location{file_, line, col};
  }

  /// The document being walked: on an error its iterator says where parsing stopped,
  /// which is more precise than the enclosing value's position.
  void set_document(od::document* doc) { doc_ = doc; }

  bool fail(simdjson::error_code err, Location loc) {
    if (doc_) {
      const char* at = nullptr;
      if (!doc_->current_location().get(at) && at) loc = loc_of(at);
    }
    if (!failed_) {
      failed_ = true;
      model::add_error(diags_, loc,
                       std::string("malformed JSON: ") + simdjson::error_message(err));
    }
    return false;
  }

  /// Converts `v`; `where` is the best position known for it (its key, or its token).
  bool walk(od::value v, Location where, size_t depth, Value& out) {
    if (depth > limits_.max_depth) {
      if (!failed_) {
        failed_ = true;
        model::add_error(diags_, where,
                         "nesting deeper than " + std::to_string(limits_.max_depth) +
                             " levels; file skipped");
      }
      return false;
    }
    od::json_type type;
    if (auto err = v.type().get(type)) return fail(err, where);
    switch (type) {
      case od::json_type::object: {
        od::object obj;
        if (auto err = v.get_object().get(obj)) return fail(err, where);
        out = Value::map(where);
        MapBuilder members;
        bool first = true;
        for (auto field_result : obj) {
          od::field field;
          if (auto err = std::move(field_result).get(field)) return fail(err, where);
          Location key_loc = loc_of(field.key().raw() - 1);
          if (first) {
            out.set_loc(key_loc);
            first = false;
          }
          std::string_view key;
          if (auto err = field.unescaped_key().get(key)) return fail(err, key_loc);
          std::string key_str(key);
          Value child;
          if (!walk(field.value(), key_loc, depth + 1, child)) return false;
          members.set(out, std::move(key_str), std::move(child), key_loc);
        }
        return true;
      }
      case od::json_type::array: {
        od::array arr;
        if (auto err = v.get_array().get(arr)) return fail(err, where);
        out = Value::list(where);
        for (auto item_result : arr) {
          od::value item;
          if (auto err = std::move(item_result).get(item)) return fail(err, where);
          Location item_loc = loc_of(item.raw_json_token().data());
          Value child;
          if (!walk(item, item_loc, depth + 1, child)) return false;
          out.push(std::move(child));
        }
        return true;
      }
      case od::json_type::string: {
        std::string_view s;
        Location loc = loc_of(v.raw_json_token().data());
        if (auto err = v.get_string().get(s)) return fail(err, loc);
        out = Value::string(std::string(s), loc);
        return true;
      }
      case od::json_type::number: {
        std::string_view tok = v.raw_json_token();
        Location loc = loc_of(tok.data());
        while (!tok.empty() && (tok.back() == ' ' || tok.back() == '\n' || tok.back() == '\r' ||
                                tok.back() == '\t'))
          tok.remove_suffix(1);
        double d;
        if (auto err = v.get_double().get(d)) return fail(err, loc);
        out = Value::number(std::string(tok), loc);
        return true;
      }
      case od::json_type::boolean: {
        bool b;
        Location loc = loc_of(v.raw_json_token().data());
        if (auto err = v.get_bool().get(b)) return fail(err, loc);
        out = Value::boolean(b, loc);
        return true;
      }
      case od::json_type::null: {
        Location loc = loc_of(v.raw_json_token().data());
        bool is_null;
        if (auto err = v.is_null().get(is_null)) return fail(err, loc);
        if (!is_null) return fail(simdjson::N_ATOM_ERROR, loc);
        out = Value::null(loc);
        return true;
      }
    }
    return fail(simdjson::INCORRECT_TYPE, where);
  }

  bool failed() const { return failed_; }

 private:
  const simdjson::padded_string& buf_;
  LineIndex lines_;
  model::FileId file_;
  model::Diagnostics& diags_;
  const ParseLimits& limits_;
  bool failed_ = false;
  od::document* doc_ = nullptr;
};

/// Offset of the first byte that is not part of valid UTF-8 (simdjson only says "somewhere").
size_t first_invalid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return i;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    uint32_t cp = len == 1 ? c : c & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return s.size();
}

}  // namespace

std::optional<model::Value> parse_json(std::string_view text, model::FileId file,
                                       model::Diagnostics& diags, const ParseLimits& limits) {
  // An empty file is an empty document, as in YAML: not a template, not malformed.
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return model::Value::null(Location{file, 1, 1});
  simdjson::padded_string buf(text);
  // Editors on Windows write a UTF-8 byte order mark; JSON parsers reject it. Blanking it
  // keeps every later byte, and so every line and column, where it was.
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0)
    std::memset(buf.data(), ' ', 3);
  od::parser parser;
  od::document doc;
  Walker w(buf, file, diags, limits);
  if (auto err = parser.iterate(buf).get(doc)) {
    Location loc{file, 1, 1};
    if (err == simdjson::UTF8_ERROR) loc = w.loc_of(buf.data() + first_invalid_utf8(text));
    w.fail(err, loc);
    return std::nullopt;
  }
  w.set_document(&doc);
  // A top-level scalar is valid JSON but never a template; treat the document as a value.
  od::value root;
  Value out;
  auto root_result = doc.get_value();
  if (auto err = root_result.get(root)) {
    const char* at = nullptr;
    Location loc{file, 1, 1};
    if (!doc.current_location().get(at)) loc = w.loc_of(at);
    w.fail(err, loc);
    return std::nullopt;
  }
  if (!w.walk(root, w.loc_of(buf.data()), 1, out)) {
    if (!w.failed()) w.fail(simdjson::TAPE_ERROR, Location{file, 1, 1});
    return std::nullopt;
  }
  return out;
}

}  // namespace kl::load
