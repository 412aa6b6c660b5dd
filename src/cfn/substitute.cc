#include "cfn/substitute.h"

namespace kl::cfn {

using model::Value;

std::optional<std::string> known_text(const Value& v) {
  if (v.is_string() || v.is_number() || v.is_bool()) return v.scalar_text();
  return std::nullopt;
}

std::string placeholder(const Value& v, const std::string& fallback) {
  if (auto p = model::parameter_ref(v)) return "${" + *p + "}";
  if (!v.ref().empty()) return "${" + v.ref() + "}";
  return "${" + fallback + "}";
}

Value substitute(const std::string& s, model::Location loc,
                 const std::function<Value(const std::string&)>& piece_of) {
  std::string out;
  bool known = true;
  std::string first_ref;
  size_t i = 0;
  while (i < s.size()) {
    size_t open = s.find("${", i);
    if (open == std::string::npos) {
      out.append(s, i, std::string::npos);
      break;
    }
    out.append(s, i, open - i);
    size_t close = s.find('}', open + 2);
    if (close == std::string::npos) {
      out.append(s, open, std::string::npos);
      break;
    }
    std::string name = s.substr(open + 2, close - open - 2);
    i = close + 1;
    if (!name.empty() && name[0] == '!') {  // ${!Literal} stays as ${Literal}
      out += "${" + name.substr(1) + "}";
      continue;
    }
    Value piece = piece_of(name);
    if (auto text = known_text(piece)) {
      out += *text;
    } else {
      known = false;
      if (first_ref.empty()) first_ref = model::resource_ref(piece);
      out += placeholder(piece, name);
    }
  }
  if (known) return Value::string(std::move(out), loc);
  Value v = Value::unknown("Fn::Sub '" + out + "'", loc);
  if (!first_ref.empty()) v.set_ref(first_ref);
  return v;
}

}  // namespace kl::cfn
