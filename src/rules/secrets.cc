// Secrets kept in templates and secret stores: KL-SEC-001 (no rotation), KL-SEC-002 (plain
// SSM String), KL-SEC-003 (literal secrets in properties and parameters), KL-SEC-004 (ECS
// environment). Detectors for secret values themselves belong to the secrets engine.
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "rules/access.h"
#include "rules/secret_names.h"
#include "rules/services.h"

namespace kl::rules {
namespace {

std::string user_id(const model::Resource& r) {
  return r.generated_from.empty() ? r.id : r.generated_from;
}

// ---- KL-SEC-001 ----------------------------------------------------------------------------

/// KL-SEC-001: a Secrets Manager secret that no AWS::SecretsManager::RotationSchedule in the
/// template targets. A schedule targets a secret by Ref (the secret's ARN), by its Name or by
/// an ARN naming it. A schedule whose SecretId cannot be resolved (a parameter, an import)
/// may target any secret, so then nothing is reported: Unknown is not a definite problem.
void secret_without_rotation(RuleContext& ctx) {
  std::set<std::string> rotated_ids, rotated_texts;
  for (const model::Resource* s : ctx.model().of_type("AWS::SecretsManager::RotationSchedule")) {
    for (const Possible& p : possible_values(s->properties, {"SecretId"})) {
      if (const model::Resource* target = referenced(ctx.model(), p.value)) {
        rotated_ids.insert(target->id);
      } else if (auto t = text(p.value)) {
        rotated_texts.insert(*t);
      } else if (p.value) {
        return;  // an Unknown target may be any secret
      }
    }
  }
  for (const model::Resource* secret : ctx.model().of_type("AWS::SecretsManager::Secret")) {
    if (rotated_ids.count(secret->id)) continue;
    bool rotated = false;
    if (auto name = text(secret->prop("Name"))) {
      for (const auto& t : rotated_texts)
        if (t == *name || (t.rfind("arn:", 0) == 0 && t.find(":secret:" + *name) != std::string::npos))
          rotated = true;
    }
    if (rotated) continue;
    ctx.report("KL-SEC-001", *secret, secret->loc, "RotationSchedule", {{"secret", user_id(*secret)}},
               {.severity = {}, .variant = {}, .evidence = "no AWS::SecretsManager::RotationSchedule"});
  }
}

// ---- KL-SEC-002 ----------------------------------------------------------------------------

/// Text to match a name against: a known string, or an Unknown's shape: the quoted text of
/// "Fn::Sub '/${Env}/db/password'" (the resolver's reason), else the whole reason.
std::string name_shape(const model::Value* v) {
  if (auto t = text(v)) return *t;
  if (!v || !v->is_unknown()) return "";
  const std::string& why = v->str();
  size_t open = why.find('\'');
  size_t close = why.rfind('\'');
  if (open != std::string::npos && close > open) return why.substr(open + 1, close - open - 1);
  return why;
}

/// KL-SEC-002: an AWS::SSM::Parameter of Type String or StringList that holds a secret: its
/// Name (or, without a Name, its logical id) is secret-like and its Value is given, or its
/// Value has a credential's shape. Reported at the Type, the choice to fix. Silent when the
/// Value is a reference (ARN, dynamic reference, a secret's name or SSM path, a resource's
/// Ref) or empty, and for names that are not secret-like. A Value from a template parameter
/// counts as given: whatever is passed in is stored in plain text.
void secret_in_plain_ssm_parameter(RuleContext& ctx) {
  for (const model::Resource* param : ctx.model().of_type("AWS::SSM::Parameter")) {
    bool named_secret = false;
    std::string shown = user_id(*param);
    for (const Possible& n : possible_values(param->properties, {"Name"})) {
      std::string shape = n.value ? name_shape(n.value) : user_id(*param);
      if (!shape.empty() && secret_like_name(shape, true)) {
        named_secret = true;
        shown = shape;
      }
    }
    bool value_secret = false, value_given = false;
    for (const Possible& v : possible_values(param->properties, {"Value"})) {
      if (!v.value) continue;
      if (auto t = text(v.value)) {
        if (t->empty() || secret_reference_text(ctx.model(), *t)) continue;
        value_given = true;
        if (looks_like_secret_value(*t)) value_secret = true;
      } else if (v.value->is_unknown()) {
        bool reference = !model::resource_ref(*v.value).empty() ||
                         v.value->str().find("{{resolve:") != std::string::npos;
        if (!reference) value_given = true;
      }
    }
    if (!value_secret && !(named_secret && value_given)) continue;
    for (const Possible& type : possible_values(param->properties, {"Type"})) {
      auto t = text(type.value);
      if (!t || (!iequals(*t, "String") && !iequals(*t, "StringList"))) continue;
      ctx.report("KL-SEC-002", *param, type.loc, "Properties.Type",
                 {{"parameter", shown}, {"type", *t}},
                 {.severity = {}, .variant = named_secret ? "" : "value",
                  .evidence = "Type: " + *t + ", Value: ****"});
    }
  }
}

// ---- KL-SEC-003 ----------------------------------------------------------------------------

/// Properties that hold a password, key or token, by resource type. "[]" steps into every
/// item of a list.
struct SecretProperty {
  const char* type;
  std::vector<std::string_view> path;
};

const std::vector<SecretProperty>& secret_properties() {
  static const std::vector<SecretProperty> kProps = {
      {"AWS::RDS::DBInstance", {"MasterUserPassword"}},
      {"AWS::RDS::DBCluster", {"MasterUserPassword"}},
      {"AWS::Redshift::Cluster", {"MasterUserPassword"}},
      {"AWS::RedshiftServerless::Namespace", {"AdminUserPassword"}},
      {"AWS::DocDB::DBCluster", {"MasterUserPassword"}},
      {"AWS::SecretsManager::Secret", {"SecretString"}},
      {"AWS::AmazonMQ::Broker", {"Users", "[]", "Password"}},
      {"AWS::IAM::User", {"LoginProfile", "Password"}},
      {"AWS::DirectoryService::MicrosoftAD", {"Password"}},
      {"AWS::DirectoryService::SimpleAD", {"Password"}},
      {"AWS::ElastiCache::ReplicationGroup", {"AuthToken"}},
      {"AWS::ElastiCache::User", {"Passwords", "[]"}},
      {"AWS::OpenSearchService::Domain",
       {"AdvancedSecurityOptions", "MasterUserOptions", "MasterUserPassword"}},
      {"AWS::Elasticsearch::Domain",
       {"AdvancedSecurityOptions", "MasterUserOptions", "MasterUserPassword"}},
      {"AWS::DMS::Endpoint", {"Password"}},
      {"AWS::Events::Connection", {"AuthParameters", "BasicAuthParameters", "Password"}},
      {"AWS::Events::Connection", {"AuthParameters", "ApiKeyAuthParameters", "ApiKeyValue"}},
      {"AWS::Events::Connection",
       {"AuthParameters", "OAuthParameters", "ClientParameters", "ClientSecret"}},
      {"AWS::CodePipeline::Webhook", {"AuthenticationConfiguration", "SecretToken"}},
      {"AWS::Amplify::App", {"AccessToken"}},
      {"AWS::Amplify::App", {"OauthToken"}},
      {"AWS::Amplify::App", {"BasicAuthConfig", "Password"}},
      {"AWS::Glue::Connection", {"ConnectionInput", "ConnectionProperties", "PASSWORD"}},
  };
  return kProps;
}

/// Calls `fn` with every value `path` reaches under `v` (across Either branches and, at
/// "[]", list items), with the path walked so far.
void walk(const model::Value& v, const std::vector<std::string_view>& path, size_t at,
          const std::string& so_far, const std::function<void(const Possible&, const std::string&)>& fn) {
  size_t end = at;
  while (end < path.size() && path[end] != "[]") ++end;
  std::string here = so_far;
  for (size_t i = at; i < end; ++i) here += "." + std::string(path[i]);
  std::vector<Possible> found;
  {
    // possible_values takes an initializer_list; walk one key at a time instead.
    std::vector<Possible> cur = possible_values(v, {});
    for (size_t i = at; i < end; ++i) {
      std::vector<Possible> next;
      for (const Possible& p : cur) {
        if (!p.value) continue;
        for (const Possible& q : possible_values(*p.value, {path[i]})) next.push_back(q);
      }
      cur = std::move(next);
    }
    found = std::move(cur);
  }
  for (const Possible& p : found) {
    if (!p.value) continue;
    if (end == path.size()) {
      fn(p, here);
    } else if (p.value->is_list()) {
      size_t i = 0;
      for (const model::Value& item : p.value->items())
        walk(item, path, end + 1, here + "[" + std::to_string(i++) + "]", fn);
    }
  }
}

/// Synthetic resource for a template parameter, so a finding names it as its resource.
model::Resource parameter_resource(const model::Parameter& p) {
  model::Resource r;
  r.id = p.name;
  r.type = "Parameter";
  r.loc = p.loc;
  return r;
}

/// KL-SEC-003: literal secrets in the template.
///  - a password/key/token property (table above) whose value is written in the template
///    (Secret.SecretString only without GenerateSecretString);
///  - a template parameter that is secret-named, or feeds one of those properties, with a
///    Default or without NoEcho: reported at the parameter (resource = its name), once.
/// Values from a parameter are reported at the parameter, not at each use; Unknown values
/// (resource attributes, imports, Fn::Sub with unknown parts) are not reported.
void literal_secret_in_template(RuleContext& ctx) {
  const model::Model& model = ctx.model();
  std::map<std::string, std::string> feeding;  // parameter -> property it feeds
  for (const SecretProperty& sp : secret_properties()) {
    for (const model::Resource* r : model.of_type(sp.type)) {
      if (sp.path.front() == std::string_view("SecretString") && r->prop("GenerateSecretString"))
        continue;
      walk(r->properties, sp.path, 0, "Properties", [&](const Possible& p, const std::string& path) {
        for (const Possible& alt : possible_values(*p.value, {})) {
          if (!alt.value) continue;
          if (auto param = model::parameter_ref(*alt.value)) {
            feeding.emplace(*param, path.substr(path.rfind('.') + 1));
            continue;
          }
          SecretValue sv = classify_secret_value(model, alt.value);
          if (sv.kind != SecretValueKind::Literal) continue;
          std::string prop = path.substr(path.rfind('.') + 1);
          ctx.report("KL-SEC-003", *r, alt.loc, path,
                     {{"resource", user_id(*r)}, {"property", prop}},
                     {.severity = {}, .variant = {}, .evidence = prop + ": ****"});
        }
      });
    }
  }
  for (const auto& [name, param] : model.parameters) {
    auto fed = feeding.find(name);
    // A Default the secret detectors recognise counts whatever the parameter's name.
    auto default_text = text(param.definition.get("Default"));
    bool secret_default = default_text && looks_like_secret_value(*default_text);
    if (!secret_like_name(name, true) && fed == feeding.end() && !secret_default) continue;
    auto type = text(param.definition.get("Type"));
    // SSM-typed parameters hold the name of a parameter; their value is read at deploy time.
    if (type && type->rfind("AWS::SSM::Parameter::Value", 0) == 0) continue;
    if (type && !iequals(*type, "String")) continue;
    const model::Value* def = param.definition.get("Default");
    bool has_default = def && !def->is_null() && !(def->is_string() && def->str().empty());
    if (!has_default && param.no_echo) continue;
    // Variant: who the parameter is (secret-named, or feeding a secret property) and what
    // is wrong with it (a Default, no NoEcho, or both).
    std::string variant = fed != feeding.end() ? "feeds-" : "parameter-";
    variant += has_default && !param.no_echo ? "default-echo" : has_default ? "default" : "echo";
    model::Resource r = parameter_resource(param);
    MessageArgs args = {{"parameter", name}};
    if (fed != feeding.end()) args.push_back({"property", fed->second});
    ctx.report("KL-SEC-003", r, param.loc, "Parameters." + name, std::move(args),
               {.severity = {}, .variant = variant,
                .evidence = has_default ? "Default: ****" : "NoEcho not set"});
  }
}

// ---- KL-SEC-004 ----------------------------------------------------------------------------

/// KL-SEC-004: ContainerDefinitions[].Environment[] entries named like secrets with a value
/// written in the template (high), or from a NoEcho parameter (medium: still plain text in
/// the task definition). Same silences as KL-LAM-003; Unknown values are not reported.
void secret_in_task_environment(RuleContext& ctx) {
  for (const model::Resource* td : ctx.model().of_type("AWS::ECS::TaskDefinition")) {
    walk(td->properties, {"ContainerDefinitions", "[]", "Environment", "[]"}, 0, "Properties",
         [&](const Possible& entry, const std::string& path) {
           if (!entry.value->is_map()) return;
           auto name = text(entry.value->get("Name"));
           if (!name) return;
           for (const Possible& v : possible_values(*entry.value, {"Value"})) {
             ReportOptions opts;
             MessageArgs args = {{"task", user_id(*td)}, {"variable", *name}};
             if (!environment_secret(ctx.model(), *name, v.value, opts, args)) continue;
             ctx.report("KL-SEC-004", *td, v.loc, path + ".Value", std::move(args), std::move(opts));
           }
         });
  }
}

}  // namespace

void add_secrets_rules(std::vector<RuleImpl>& out) {
  out.push_back({"KL-SEC-001", secret_without_rotation});
  out.push_back({"KL-SEC-002", secret_in_plain_ssm_parameter});
  out.push_back({"KL-SEC-003", literal_secret_in_template});
  out.push_back({"KL-SEC-004", secret_in_task_environment});
}

}  // namespace kl::rules
