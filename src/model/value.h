#pragma once
// Value: the property tree of a resource, with a source position on every node.
//
// Besides JSON's kinds a Value can be
//   Unknown — the scanner cannot know it statically; str() says why (an unresolved
//             parameter, Fn::ImportValue, a resource attribute known only after deploy).
//             When it stands for a resource's Ref/GetAtt, ref() names that resource.
//   Either  — an Fn::If whose condition is unknown: items()[0] is the value when the
//             condition (str()) holds, items()[1] when it does not. A branch that is
//             AWS::NoValue is an Absent value. Rules look at every branch (see
//             rules/access.h); Unknown is never silently safe and never silently unsafe.
//   Absent  — only inside Either: "the property is not set" on that branch.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/location.h"

namespace kl::model {

enum class Kind : uint8_t { Null, Bool, Number, String, List, Map, Unknown, Either, Absent };

const char* kind_name(Kind k);

struct Member;

class Value {
 public:
  Value() = default;
  Value(const Value& other);
  Value& operator=(const Value& other);
  // Defaulted below, where Member is complete (clang, unlike gcc, needs it complete here).
  Value(Value&&) noexcept;
  Value& operator=(Value&&) noexcept;
  ~Value();
  static Value null(Location loc = {});
  static Value boolean(bool b, Location loc = {});
  static Value number(std::string literal, Location loc = {});
  static Value string(std::string s, Location loc = {});
  static Value list(Location loc = {});
  static Value map(Location loc = {});
  static Value unknown(std::string why, Location loc = {});
  static Value either(std::string condition, Value when_true, Value when_false,
                      Location loc = {});
  static Value absent(Location loc = {});

  Kind kind() const { return kind_; }
  const Location& loc() const { return loc_; }
  void set_loc(Location loc) { loc_ = loc; }

  bool is_null() const { return kind_ == Kind::Null; }
  bool is_bool() const { return kind_ == Kind::Bool; }
  bool is_number() const { return kind_ == Kind::Number; }
  bool is_string() const { return kind_ == Kind::String; }
  bool is_list() const { return kind_ == Kind::List; }
  bool is_map() const { return kind_ == Kind::Map; }
  bool is_unknown() const { return kind_ == Kind::Unknown; }
  bool is_either() const { return kind_ == Kind::Either; }
  bool is_absent() const { return kind_ == Kind::Absent; }
  /// True for null, bool, number and string.
  bool is_scalar() const { return kind_ <= Kind::String; }

  /// String: the text. Number: the literal as written. Unknown: why. Either: the condition.
  const std::string& str() const { return text_; }
  /// Moves the text out (str() is then ""): for builders that are done with the value.
  std::string release_str() { return std::move(text_); }
  bool boolean_value() const { return bool_; }
  double number_value() const { return number_; }

  const std::vector<Value>& items() const { return items_; }
  std::vector<Value>& items() { return items_; }
  const std::vector<Member>& members() const { return members_; }
  std::vector<Member>& members() { return members_; }

  /// Map lookup; nullptr when this is not a map or has no such key.
  const Value* get(std::string_view key) const;
  Value* get(std::string_view key);
  const Member* member(std::string_view key) const;
  /// Adds or replaces a map entry.
  Value& set(std::string key, Value v, Location key_loc = {});
  bool erase(std::string_view key);
  void push(Value v) { items_.push_back(std::move(v)); }

  /// What this value was resolved from: a resource's logical id (Ref / Fn::GetAtt; the
  /// value is then Unknown), or kParameterRefPrefix + name for a template parameter.
  /// Use resource_ref() / parameter_ref() rather than reading it directly.
  const std::string& ref() const { return ref_ ? *ref_ : empty_ref(); }
  void set_ref(std::string logical_id);

  /// Scalar rendered as text ("true", "42", the string); "" otherwise.
  std::string scalar_text() const;
  /// Compact JSON-like rendering for messages and `kumolens model` (Unknown as {"unknown": why}).
  std::string debug() const;

 private:
  static const std::string& empty_ref();

  Kind kind_ = Kind::Null;
  bool bool_ = false;
  Location loc_;
  double number_ = 0;
  std::string text_;
  // Out of line: few values have one, and every node pays for its size.
  std::unique_ptr<std::string> ref_;
  std::vector<Value> items_;
  std::vector<Member> members_;
};

inline constexpr const char* kParameterRefPrefix = "parameter:";

/// The logical id of the resource `v` stands for, or "".
std::string resource_ref(const Value& v);
/// The template parameter `v` was resolved from, if any.
std::optional<std::string> parameter_ref(const Value& v);

/// The Unknown that `!GetAtt id.attr` stands for (resource_ref() is `id`). Made and
/// recognised only through these two, so the loaders and the rules agree on its form.
Value get_att_value(const std::string& id, const std::string& attr, Location loc);
/// Is `v` the value of `!GetAtt id.attr`?
bool is_get_att(const Value& v, std::string_view id, std::string_view attr);

struct Member {
  Member() = default;
  // A constructor, not an aggregate: clang 14 (the fuzz build) lacks C++20's parenthesized
  // aggregate initialization that emplace_back(key, loc, value) relies on.
  Member(std::string k, Location kl, Value v)
      : key(std::move(k)), key_loc(kl), value(std::move(v)) {}

  std::string key;
  Location key_loc;
  Value value;
};

/// The text of a scalar that may be missing: "" for nullptr, null, containers and Unknown.
/// For reading the project's own data files (catalog, detectors, IAM data).
inline std::string text_or_empty(const Value* v) { return v ? v->scalar_text() : std::string(); }

inline Value::Value(Value&&) noexcept = default;
inline Value& Value::operator=(Value&&) noexcept = default;
inline Value::~Value() = default;

}  // namespace kl::model
