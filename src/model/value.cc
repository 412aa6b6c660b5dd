#include "model/value.h"

#include <cstdlib>

namespace kl::model {

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::Null: return "null";
    case Kind::Bool: return "boolean";
    case Kind::Number: return "number";
    case Kind::String: return "string";
    case Kind::List: return "list";
    case Kind::Map: return "map";
    case Kind::Unknown: return "unknown";
    case Kind::Either: return "either";
    case Kind::Absent: return "absent";
  }
  return "?";
}

Value::Value(const Value& other)
    : kind_(other.kind_),
      bool_(other.bool_),
      loc_(other.loc_),
      number_(other.number_),
      text_(other.text_),
      ref_(other.ref_ ? std::make_unique<std::string>(*other.ref_) : nullptr),
      items_(other.items_),
      members_(other.members_) {}

Value& Value::operator=(const Value& other) {
  if (this != &other) {
    Value copy(other);
    *this = std::move(copy);
  }
  return *this;
}

const std::string& Value::empty_ref() {
  static const std::string kEmpty;
  return kEmpty;
}

void Value::set_ref(std::string logical_id) {
  if (logical_id.empty())
    ref_.reset();
  else if (ref_)
    *ref_ = std::move(logical_id);
  else
    ref_ = std::make_unique<std::string>(std::move(logical_id));
}

Value Value::null(Location loc) {
  Value v;
  v.loc_ = loc;
  return v;
}

Value Value::boolean(bool b, Location loc) {
  Value v;
  v.kind_ = Kind::Bool;
  v.bool_ = b;
  v.loc_ = loc;
  return v;
}

Value Value::number(std::string literal, Location loc) {
  Value v;
  v.kind_ = Kind::Number;
  v.number_ = std::strtod(literal.c_str(), nullptr);
  v.text_ = std::move(literal);
  v.loc_ = loc;
  return v;
}

Value Value::string(std::string s, Location loc) {
  Value v;
  v.kind_ = Kind::String;
  v.text_ = std::move(s);
  v.loc_ = loc;
  return v;
}

Value Value::list(Location loc) {
  Value v;
  v.kind_ = Kind::List;
  v.loc_ = loc;
  return v;
}

Value Value::map(Location loc) {
  Value v;
  v.kind_ = Kind::Map;
  v.loc_ = loc;
  return v;
}

Value Value::unknown(std::string why, Location loc) {
  Value v;
  v.kind_ = Kind::Unknown;
  v.text_ = std::move(why);
  v.loc_ = loc;
  return v;
}

Value Value::either(std::string condition, Value when_true, Value when_false, Location loc) {
  Value v;
  v.kind_ = Kind::Either;
  v.text_ = std::move(condition);
  v.loc_ = loc;
  v.items_.reserve(2);
  v.items_.push_back(std::move(when_true));
  v.items_.push_back(std::move(when_false));
  return v;
}

Value Value::absent(Location loc) {
  Value v;
  v.kind_ = Kind::Absent;
  v.loc_ = loc;
  return v;
}

const Member* Value::member(std::string_view key) const {
  if (kind_ != Kind::Map) return nullptr;
  for (const Member& m : members_)
    if (m.key == key) return &m;
  return nullptr;
}

const Value* Value::get(std::string_view key) const {
  const Member* m = member(key);
  return m ? &m->value : nullptr;
}

Value* Value::get(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value*>(this)->get(key));
}

Value& Value::set(std::string key, Value v, Location key_loc) {
  for (Member& m : members_) {
    if (m.key == key) {
      m.value = std::move(v);
      if (key_loc.known()) m.key_loc = key_loc;
      return m.value;
    }
  }
  members_.emplace_back(std::move(key), key_loc, std::move(v));  // built in place
  return members_.back().value;
}

bool Value::erase(std::string_view key) {
  for (auto it = members_.begin(); it != members_.end(); ++it) {
    if (it->key == key) {
      members_.erase(it);
      return true;
    }
  }
  return false;
}

std::string resource_ref(const Value& v) {
  if (v.ref().rfind(kParameterRefPrefix, 0) == 0) return "";
  return v.ref();
}

Value get_att_value(const std::string& id, const std::string& attr, Location loc) {
  Value v = Value::unknown("attribute '" + id + "." + attr + "'", loc);
  v.set_ref(id);
  return v;
}

bool is_get_att(const Value& v, std::string_view id, std::string_view attr) {
  return v.is_unknown() && resource_ref(v) == id &&
         v.str() == get_att_value(std::string(id), std::string(attr), {}).str();
}

std::optional<std::string> parameter_ref(const Value& v) {
  const std::string& r = v.ref();
  size_t n = std::char_traits<char>::length(kParameterRefPrefix);
  if (r.size() > n && r.compare(0, n, kParameterRefPrefix) == 0) return r.substr(n);
  return std::nullopt;
}

std::string Value::scalar_text() const {
  switch (kind_) {
    case Kind::Bool: return bool_ ? "true" : "false";
    case Kind::Number:
    case Kind::String: return text_;
    default: return "";
  }
}

namespace {

void quote(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  out += '"';
}

void render(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::Null: out += "null"; break;
    case Kind::Bool: out += v.boolean_value() ? "true" : "false"; break;
    case Kind::Number: out += v.str(); break;
    case Kind::String: quote(out, v.str()); break;
    case Kind::Absent: out += "<absent>"; break;
    case Kind::Unknown:
      out += "{\"unknown\": ";
      quote(out, v.str());
      out += '}';
      break;
    case Kind::Either:
      out += "{\"if\": ";
      quote(out, v.str());
      out += ", \"then\": ";
      render(out, v.items()[0]);
      out += ", \"else\": ";
      render(out, v.items()[1]);
      out += '}';
      break;
    case Kind::List: {
      out += '[';
      bool first = true;
      for (const Value& item : v.items()) {
        if (!first) out += ", ";
        first = false;
        render(out, item);
      }
      out += ']';
      break;
    }
    case Kind::Map: {
      out += '{';
      bool first = true;
      for (const Member& m : v.members()) {
        if (!first) out += ", ";
        first = false;
        quote(out, m.key);
        out += ": ";
        render(out, m.value);
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string Value::debug() const {
  std::string out;
  render(out, *this);
  return out;
}

}  // namespace kl::model
