#pragma once
// Helpers the IAM-backed rules share: parsing a policy found in a template, finding a
// statement's template value again (for locations and witness texts), and wording a
// witness ("anyone can s3:GetObject on arn:aws:s3:::web-assets/*").
#include <optional>
#include <string>
#include <vector>

#include "iam/policy.h"
#include "iam/resource_access.h"
#include "model/model.h"
#include "model/value.h"

namespace kl::rules {

/// The policy a template value holds (a document map, or JSON text); nullopt when there is
/// none. Parse problems are not findings: the document is read as far as it goes. ARNs
/// built from the stack's own account/region are read with stand-ins (iam/pseudo_parameters.h).
std::optional<iam::Policy> read_policy(const model::Value& doc);

/// The concrete documents `doc` may be: every Fn::If on an unknown condition inside it
/// (an Either) replaced by each of its branches in turn (an Absent branch drops the
/// property or list item). At most `limit` variants; past that the rest are left out. A
/// document with more than 4 Eithers is returned as it is (bounded work on any input).
std::vector<model::Value> document_variants(const model::Value& doc, size_t limit = 16);

/// One concrete policy a resource's property may hold, parsed.
struct PolicyDocument {
  model::Value doc;     ///< the document's template value (for statement locations)
  iam::Policy policy;
  model::Location loc;  ///< where the property's value is written (fallback location)
};

/// Every concrete policy `resource.Properties.<property>` may hold: each Either branch
/// (possible_values), each Fn::If variant inside it (document_variants), parsed. Absent,
/// Unknown and unreadable documents are left out: the template does not say.
std::vector<PolicyDocument> policy_documents(const model::Resource& resource, const char* property);

/// The template value of statement `i` of `doc` (Statement list or single map), or nullptr.
const model::Value* statement_value(const model::Value& doc, size_t i);

/// A statement's first Resource as text: the ARN, or for an ARN built from an unknown name
/// the Fn::Sub shape ("arn:aws:s3:::${Site}/*"); `fallback` when neither.
std::string resource_text(const model::Value* stmt, const std::string& fallback);

/// "anyone" / "any AWS account" / "anyone but the NotPrincipal".
std::string who_text(const iam::OpenGrant& g);

/// "anyone can s3:GetObject on <resource> (when aws:SecureTransport is true)".
std::string open_witness(const iam::OpenGrant& g, const std::string& resource);

/// Where to report statement `i`: its Principal (or the statement, or `fallback`).
model::Location statement_loc(const model::Value& doc, size_t i, model::Location fallback);

}  // namespace kl::rules
