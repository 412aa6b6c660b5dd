#include "iam/match.h"

#include <cctype>

namespace kl::iam {

namespace {

char fold(char c, bool ignore_case) {
  return ignore_case ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && s[b] == ' ') ++b;
  while (e > b && s[e - 1] == ' ') --e;
  return std::string(s.substr(b, e - b));
}

// Iterative glob match over single characters with '*' backtracking: linear memory,
// O(n*m) worst case, no recursion on hostile input.
bool glob(std::string_view p, const std::vector<bool>& literal, std::string_view t, bool ic) {
  size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
  while (ti < t.size()) {
    if (pi < p.size() && !literal[pi] && p[pi] == '*') {
      star = pi++;
      mark = ti;
    } else if (pi < p.size() && ((!literal[pi] && p[pi] == '?') || fold(p[pi], ic) == fold(t[ti], ic))) {
      ++pi;
      ++ti;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && !literal[pi] && p[pi] == '*') ++pi;
  return pi == p.size();
}

}  // namespace

std::vector<PatternPiece> split_pattern(std::string_view pattern, bool variables, bool wildcards) {
  std::vector<PatternPiece> out;
  auto text = [&](char c) {
    if (out.empty() || out.back().kind != PatternPiece::Kind::Text) out.push_back({});
    out.back().text += c;
  };
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (variables && c == '$' && i + 1 < pattern.size() && pattern[i + 1] == '{') {
      size_t end = pattern.find('}', i + 2);
      if (end != std::string_view::npos) {
        std::string_view body = pattern.substr(i + 2, end - i - 2);
        if (body == "*" || body == "?" || body == "$") {
          text(body[0]);
        } else {
          PatternPiece v;
          v.kind = PatternPiece::Kind::Variable;
          size_t comma = body.find(',');
          std::string key = trim(body.substr(0, comma));
          if (comma != std::string_view::npos) {
            std::string d = trim(body.substr(comma + 1));
            if (d.size() >= 2 && d.front() == '\'' && d.back() == '\'') d = d.substr(1, d.size() - 2);
            v.fallback = d;
            v.has_fallback = true;
          }
          for (char& k : key) k = static_cast<char>(std::tolower(static_cast<unsigned char>(k)));
          v.text = key;
          out.push_back(std::move(v));
        }
        i = end;
        continue;
      }
    }
    if (wildcards && c == '*') {
      out.push_back({PatternPiece::Kind::Star, "", "", false});
    } else if (wildcards && c == '?') {
      out.push_back({PatternPiece::Kind::Question, "", "", false});
    } else {
      text(c);
    }
  }
  return out;
}

std::optional<std::array<std::string_view, 6>> arn_fields(std::string_view arn) {
  std::array<std::string_view, 6> f;
  size_t pos = 0;
  for (size_t i = 0; i < 5; ++i) {
    size_t colon = arn.find(':', pos);
    if (colon == std::string_view::npos) return std::nullopt;
    f[i] = arn.substr(pos, colon - pos);
    pos = colon + 1;
  }
  f[5] = arn.substr(pos);
  return f;
}

bool pattern_match(std::string_view pattern, std::string_view t, bool ignore_case, bool variables,
                   const VariableLookup* vars, bool wildcards) {
  bool has_var = variables && pattern.find("${") != std::string_view::npos;
  if (!has_var) {
    std::vector<bool> literal(pattern.size(), !wildcards);
    return glob(pattern, literal, t, ignore_case);
  }
  // Substitute variables into a flat pattern whose substituted characters are literal.
  std::string flat;
  std::vector<bool> literal;
  for (const PatternPiece& piece : split_pattern(pattern, true, wildcards)) {
    switch (piece.kind) {
      case PatternPiece::Kind::Text:
        flat += piece.text;
        literal.insert(literal.end(), piece.text.size(), true);
        break;
      case PatternPiece::Kind::Star:
        flat += '*';
        literal.push_back(false);
        break;
      case PatternPiece::Kind::Question:
        flat += '?';
        literal.push_back(false);
        break;
      case PatternPiece::Kind::Variable: {
        std::optional<std::string> value;
        if (vars && *vars) value = (*vars)(piece.text);
        if (!value && piece.has_fallback) value = piece.fallback;
        if (!value) return false;
        flat += *value;
        literal.insert(literal.end(), value->size(), true);
        break;
      }
    }
  }
  return glob(flat, literal, t, ignore_case);
}

}  // namespace kl::iam
