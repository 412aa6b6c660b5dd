#pragma once
// Telling secrets apart by their names and by how their values are written, for the rules
// that look for secrets kept in templates (KL-LAM-003, KL-SEC-002/003/004). This is the
// name-based part only: the secrets engine (src/secrets/) adds detectors for the values.
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "rules/rule.h"

namespace kl::rules {

/// The words of a name in any case style: "dbPassword-v2" and "DB_PASSWORD_V2" both give
/// {"DB", "PASSWORD", "V2"}; "/app/prod/api-key" gives {"APP", "PROD", "API", "KEY"}.
std::vector<std::string> name_words(std::string_view name);

/// Does `name` (an environment variable, parameter, property or SSM parameter name) name a
/// secret itself: PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, ACCESS_KEY, ...?
/// False when the last word says the value is a reference to a secret or a setting about
/// it (DB_PASSWORD_ARN, API_KEY_SECRET_NAME, SECRET_ID, TOKEN_TTL, TOKEN_URL).
/// With `strip_parameter_suffix`, trailing PARAM/PARAMETER/SSM words are ignored first:
/// a template parameter `DbPasswordParameter` holds the password itself.
bool secret_like_name(std::string_view name, bool strip_parameter_suffix = false);

/// How a value that a secret-like name points at is written.
enum class SecretValueKind {
  None,            ///< nothing secret: absent, empty, a boolean, a reference (ARN, dynamic
                   ///< reference, the name or path of a secret or parameter)
  Literal,         ///< a literal written in the template (a parameter Default included)
  NoEchoParameter, ///< a Ref to a NoEcho parameter: hidden in the console, but still plain
                   ///< text wherever it is copied to
  Unknown,         ///< decided only at deploy time (a parameter without default, a resource
                   ///< attribute, Fn::ImportValue): neither safe nor unsafe
  SecretAttribute, ///< an attribute that is a secret itself (a Cognito app client's
                   ///< ClientSecret, an IAM access key's SecretAccessKey): plain text
                   ///< wherever it is copied to
};

struct SecretValue {
  SecretValueKind kind = SecretValueKind::None;
  std::string parameter;  ///< the template parameter the value came from, if any
  std::string attribute;  ///< SecretAttribute: "Resource.Attribute" as written
};

/// Classifies one concrete value (not an Either: give each branch in turn).
SecretValue classify_secret_value(const model::Model& model, const model::Value* v);

/// An environment entry (a Lambda variable, an ECS container's Environment item) as
/// KL-LAM-003 and KL-SEC-004 judge it: reported when named like a secret and written in
/// the template or from a NoEcho parameter, when a secret detector recognises its literal
/// value, or when it holds a secret attribute. On true, `opts` has the evidence, severity
/// and message variant, and `args` the argument that variant names.
bool environment_secret(const model::Model& model, const std::string& name, const model::Value* value,
                        ReportOptions& opts, MessageArgs& args);

/// Is `text` a reference to a secret rather than a secret: a dynamic reference
/// ({{resolve:...}}), an ARN, an SSM parameter path, or the Name of a Secrets Manager secret
/// or SSM parameter defined in `model`?
bool secret_reference_text(const model::Model& model, std::string_view text);

/// Does a value hold a credential, whatever its name: any secrets-engine detector finds one
/// in it (src/secrets/), or one of a few unmistakable shapes (AWS access key ids, private
/// key blocks, GitHub, Slack and Stripe tokens, URLs with a password).
bool looks_like_secret_value(std::string_view text);

}  // namespace kl::rules
