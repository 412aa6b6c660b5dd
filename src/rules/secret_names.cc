#include "rules/secret_names.h"

#include "secrets/engine.h"

#include <algorithm>
#include <cctype>

#include "rules/access.h"

namespace kl::rules {

namespace {

bool is_upper(char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; }
bool is_lower(char c) { return std::islower(static_cast<unsigned char>(c)) != 0; }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

bool one_of(const std::string& w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

/// Words that name a secret on their own.
bool secret_word(const std::string& w) {
  return one_of(w, {"PASSWORD", "PASSWORDS", "PASSWD", "PWD", "PASS", "PASSPHRASE", "SECRET",
                    "SECRETS", "TOKEN", "TOKENS", "CREDENTIAL", "CREDENTIALS", "APIKEY",
                    "PRIVATEKEY", "ACCESSKEY", "SECRETKEY", "AUTHTOKEN"});
}

/// Words that make "<word> KEY" a secret (API_KEY, PRIVATE_KEY, SIGNING_KEY ...).
bool key_qualifier(const std::string& w) {
  return one_of(w, {"API", "PRIVATE", "ACCESS", "SECRET", "SIGNING", "ENCRYPTION", "MASTER",
                    "AUTH", "CLIENT", "HMAC", "SESSION", "WEBHOOK", "APP", "LICENSE"});
}

/// Last words that turn a secret-like name into the name of a reference to the secret or
/// of a setting about it: the value is an identifier, a location, a number or a switch.
bool reference_or_setting_word(const std::string& w) {
  return one_of(w, {"ARN", "ARNS", "NAME", "NAMES", "ID", "IDS", "PATH", "REF", "KEYID",
                    "TTL", "LENGTH", "LEN", "EXPIRY", "EXPIRATION", "EXPIRES", "TIMEOUT",
                    "ENABLED", "DISABLED", "ENABLE", "HEADER", "TYPE", "URL", "URI",
                    "ENDPOINT", "FILE", "REGION", "ALGORITHM", "ALG", "ISSUER", "AUDIENCE",
                    "FIELD", "VERSION", "POLICY", "ROTATION", "DAYS", "SECONDS", "MINUTES",
                    "HOURS", "COUNT", "SIZE", "LOCATION", "BUCKET", "TABLE", "QUEUE", "TOPIC",
                    "MODE", "FORMAT", "PREFIX", "LIMIT", "MIN", "MAX", "ROLE", "KMS", "STORE",
                    "PARAM", "PARAMETER", "PARAMETERS", "SSM", "VAULT", "ENGINE", "MANAGER",
                    "PORT", "HOST", "HOSTNAME", "DOMAIN", "RESET", "USER", "USERNAME"});
}

bool parameter_word(const std::string& w) {
  return one_of(w, {"PARAM", "PARAMETER", "PARAMETERS", "SSM"});
}

bool starts_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(0, p.size()) == p;
}

/// An SSM parameter path such as /app/prod/db-password: a name, not the secret.
bool ssm_path_like(std::string_view s) {
  if (s.size() < 2 || s[0] != '/') return false;
  for (char c : s)
    if (!is_alnum(c) && c != '/' && c != '_' && c != '-' && c != '.') return false;
  return true;
}

bool all_of_class(std::string_view s, bool (*pred)(char)) {
  for (char c : s)
    if (!pred(c)) return false;
  return true;
}

/// A switch, not a secret: ENABLE_PASSWORD_RESET: "true".
bool switch_text(std::string_view s) {
  for (std::string_view w : {"true", "false", "yes", "no", "on", "off", "enabled", "disabled"})
    if (iequals(s, w)) return true;
  return false;
}

}  // namespace

std::vector<std::string> name_words(std::string_view name) {
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(std::move(cur));
    cur.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!is_alnum(c)) {
      flush();
      continue;
    }
    if (!cur.empty() && is_upper(c)) {
      char prev = name[i - 1];
      bool next_lower = i + 1 < name.size() && is_lower(name[i + 1]);
      // dbPassword -> db|Password; APIKey -> API|Key; keep runs of capitals together.
      if (is_lower(prev) || std::isdigit(static_cast<unsigned char>(prev)) ||
          (is_upper(prev) && next_lower))
        flush();
    }
    cur += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  flush();
  return words;
}

bool secret_like_name(std::string_view name, bool strip_parameter_suffix) {
  std::vector<std::string> words = name_words(name);
  if (strip_parameter_suffix)
    while (!words.empty() && parameter_word(words.back())) words.pop_back();
  if (words.empty()) return false;
  // ACCESS_KEY_ID, SECRET_NAME, TOKEN_TTL: about a secret, not the secret.
  if (reference_or_setting_word(words.back())) return false;
  for (size_t i = 0; i < words.size(); ++i) {
    if (secret_word(words[i])) return true;
    if (words[i] == "KEY" && i > 0 && key_qualifier(words[i - 1])) return true;
  }
  return false;
}

bool secret_reference_text(const model::Model& model, std::string_view text) {
  if (text.find("{{resolve:") != std::string_view::npos) return true;
  if (starts_with(text, "arn:")) return true;
  if (ssm_path_like(text)) return true;
  for (const auto& r : model.resources) {
    if (r->type != "AWS::SecretsManager::Secret" && r->type != "AWS::SSM::Parameter") continue;
    if (auto name = rules::text(r->prop("Name")); name && *name == text) return true;
  }
  return false;
}

SecretValue classify_secret_value(const model::Model& model, const model::Value* v) {
  SecretValue out;
  if (!v || v->is_absent() || v->is_null() || v->is_bool()) return out;
  if (auto p = model::parameter_ref(*v)) out.parameter = *p;
  bool no_echo = false;
  if (!out.parameter.empty())
    if (auto it = model.parameters.find(out.parameter); it != model.parameters.end())
      no_echo = it->second.no_echo;
  if (v->is_string() || v->is_number()) {
    const std::string& s = v->str();
    if (s.empty() || secret_reference_text(model, s) || switch_text(s)) return out;
    out.kind = no_echo ? SecretValueKind::NoEchoParameter : SecretValueKind::Literal;
    return out;
  }
  if (v->is_unknown()) {
    // Fn::Sub around a dynamic reference keeps the reference text in its reason.
    if (v->str().find("{{resolve:") != std::string::npos) return out;
    // !GetAtt of an attribute that is a secret.
    if (const model::Resource* r = model.find(model::resource_ref(*v))) {
      static constexpr std::pair<std::string_view, std::string_view> kSecretAttributes[] = {
          {"AWS::Cognito::UserPoolClient", "ClientSecret"},
          {"AWS::IAM::AccessKey", "SecretAccessKey"},
      };
      for (const auto& [type, attr] : kSecretAttributes)
        if (r->type == type && model::is_get_att(*v, r->id, attr)) {
          out.kind = SecretValueKind::SecretAttribute;
          out.attribute = r->id + "." + std::string(attr);
          return out;
        }
    }
    out.kind = no_echo ? SecretValueKind::NoEchoParameter : SecretValueKind::Unknown;
    return out;
  }
  return out;  // lists and maps are not secrets by name
}

bool environment_secret(const model::Model& model, const std::string& name, const model::Value* value,
                        ReportOptions& opts, MessageArgs& args) {
  SecretValue sv = classify_secret_value(model, value);
  switch (sv.kind) {
    case SecretValueKind::Literal: {
      const model::Value& v = *value;
      // A secret-like name, or (any name) a literal value the secret detectors recognise.
      if (!secret_like_name(name) && !looks_like_secret_value(v.scalar_text())) return false;
      opts.evidence = name + "=****";
      return true;
    }
    case SecretValueKind::NoEchoParameter:
      if (!secret_like_name(name)) return false;
      opts.evidence = name + "=****";
      opts.severity = Severity::Medium;
      opts.variant = "noecho";
      args.push_back({"parameter", sv.parameter});
      return true;
    case SecretValueKind::SecretAttribute:  // a secret whatever the variable is called
      opts.evidence = name + "=!GetAtt " + sv.attribute;
      opts.variant = "attribute";
      args.push_back({"attribute", sv.attribute});
      return true;
    default:
      return false;
  }
}

bool looks_like_secret_value(std::string_view t) {
  // The secrets engine's detectors first (src/secrets/): every provider's key shape.
  if (!secrets::Engine::shared().scan(t).empty()) return true;
  // AWS access key id: AKIA/ASIA + 16 capitals or digits.
  for (std::string_view prefix : {"AKIA", "ASIA"}) {
    size_t at = t.find(prefix);
    if (at != std::string_view::npos && at + 20 <= t.size() &&
        all_of_class(t.substr(at + 4, 16), [](char c) {
          return is_upper(c) || std::isdigit(static_cast<unsigned char>(c)) != 0;
        }))
      return true;
  }
  if (t.find("-----BEGIN") != std::string_view::npos && t.find("PRIVATE KEY") != std::string_view::npos)
    return true;
  for (std::string_view prefix : {"ghp_", "gho_", "ghs_", "github_pat_", "xoxb-", "xoxp-", "xoxa-",
                                  "sk_live_", "rk_live_", "glpat-"})
    if (t.find(prefix) != std::string_view::npos) return true;
  // scheme://user:password@host
  size_t scheme = t.find("://");
  if (scheme != std::string_view::npos) {
    std::string_view rest = t.substr(scheme + 3);
    size_t at = rest.find('@');
    size_t slash = rest.find('/');
    size_t colon = rest.find(':');
    if (at != std::string_view::npos && colon != std::string_view::npos && colon < at &&
        (slash == std::string_view::npos || at < slash) && colon + 1 < at)
      return true;
  }
  return false;
}

}  // namespace kl::rules
