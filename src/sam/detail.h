#pragma once
// Shared by the SAM expansion's parts (kl::sam::detail): the expansion state, the routes
// collected from function events, and small helpers to build values that carry the
// user's locations.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostic.h"
#include "model/model.h"

namespace kl::sam::detail {

using model::Location;
using model::Resource;
using model::Value;

/// The implicit APIs SAM creates for events without RestApiId / ApiId.
inline constexpr const char* kImplicitRestApi = "ServerlessRestApi";
inline constexpr const char* kImplicitHttpApi = "ServerlessHttpApi";

/// One route a function event adds to a REST or HTTP API.
struct Route {
  std::string path;      ///< "/items/{id}", or "$default" for an HTTP API catch-all
  std::string method;    ///< lower case; "x-amazon-apigateway-any-method" for ANY
  std::string function;  ///< logical id of the function it invokes
  std::string event;     ///< the event's name under Events
  Location loc;          ///< the event name's line: every generated route key carries it
  Value auth;            ///< a copy of the event's Properties.Auth (null when absent)
  /// Set when the route starts a state machine (`function` is then its id) through this
  /// role, instead of invoking a Lambda function.
  std::string start_execution_role;
};

/// Routes gathered per API logical id, in template order.
using RouteTable = std::map<std::string, std::vector<Route>>;

/// A change SAM makes to a resource the user wrote (S3 notifications, Cognito triggers).
struct Patch {
  std::string target;  ///< logical id of the user's resource
  std::vector<std::string> path;  ///< where to add, e.g. {"LambdaConfig", "PreSignUp"}
  Value value;         ///< for a list path (NotificationConfiguration...), the item to append
  bool append = false;
  Location loc;
};

/// Everything the expansion of one template shares.
struct Ctx {
  Ctx(model::Model& o, model::Diagnostics& d, const Value& g) : out(o), diags(d), globals(g) {}

  model::Model& out;
  model::Diagnostics& diags;
  const Value& globals;  ///< the resolved Globals section (null when absent)
  std::set<std::string> sam_rest_apis;  ///< ids of AWS::Serverless::Api resources
  std::set<std::string> sam_http_apis;  ///< ids of AWS::Serverless::HttpApi resources
  std::map<std::string, const Resource*> user;  ///< every resource the user wrote, by id
  RouteTable rest_routes;
  RouteTable http_routes;
  std::vector<Patch> patches;
  std::map<std::string, std::string> renamed;  ///< user id -> generated id (layers)
  /// function id -> what permissions and URLs invoke: its alias with AutoPublishAlias.
  std::map<std::string, std::string> invoke_target;

  const std::string& target_of(const std::string& fn) {
    auto it = invoke_target.find(fn);
    return it == invoke_target.end() ? fn : it->second;
  }

  /// Adds a generated resource; `from` is the user's logical id ("" when it keeps it).
  Resource& emit(std::string id, std::string type, Location loc, std::string from);
  void note(Location loc, std::string msg) { model::add_note(diags, loc, std::move(msg)); }
  void warn(Location loc, std::string msg) { model::add_warning(diags, loc, std::move(msg)); }
};

// ---- values -------------------------------------------------------------------------------

Value str(std::string s, Location loc);
Value boolean(bool b, Location loc);
/// What `Ref: id` resolves to: Unknown naming the resource (resource_ref() gives id).
Value ref_to(const std::string& id, Location loc);
/// What `Fn::GetAtt: [id, attr]` resolves to.
Value get_att(const std::string& id, const std::string& attr, Location loc);
/// Sets every location in `v` (values and keys) to `loc`.
void relocate(Value& v, Location loc);

/// The map `v` or nullptr when `v` is absent or not a map.
const Value* as_map(const Value* v);
/// `v`'s key, or nullptr when `v` is not a map or lacks it.
const Value* field(const Value* v, std::string_view key);
/// The key's own location in map `v`, or `fallback`.
Location key_loc(const Value* v, std::string_view key, Location fallback);
/// A string written literally (not resolved from a parameter or intrinsic).
std::optional<std::string> literal(const Value* v);
/// A known string or number as text (from a literal or a parameter's value).
std::optional<std::string> known(const Value* v);
/// True when `v` is (or, on some Fn::If branch, may be) the boolean true.
bool maybe_true(const Value* v);
/// Is `v` (on some branch) the text `s`, case-insensitively?
bool maybe_text(const Value* v, std::string_view s);

/// Ten lowercase hex digits derived from `text`, standing for the translator's hashes.
std::string hash10(std::string_view text);
/// SAM `Tags: {k: v}` as CloudFormation's `[{Key, Value}]`, plus SAM's own tag.
Value tag_list(const Value* sam_tags, const std::string& created_by_key, Location loc);
/// An S3 location (`s3://b/k`, `{Bucket, Key, Version}` or a local path) as
/// {bucket_key: .., key_key: .., version_key: ..}; a local path becomes Unknown.
Value s3_location(const Value& uri, const char* bucket_key, const char* key_key,
                  const char* version_key);
/// Adds the Ref edges for every resource `v` references.
void add_ref_edges(Resource& r, const Value& v, const std::string& via);
/// Copies `key` from `from` into `to` when present (keeping the user's location).
void copy_prop(const Value& from, Value& to, std::string_view key, std::string_view as = {});

// ---- parts ----------------------------------------------------------------------------------

/// Globals.<section> merged under `props` as SAM merges them.
Value merge_globals(const Value& globals, std::string_view section, const Value& props);

/// Builds `<id>Role` for a function or state machine from its Policies.
struct RoleSpec {
  std::string owner;               ///< the function / state machine id
  Location loc;
  std::string service;             ///< "lambda.amazonaws.com"
  std::vector<Value> managed;      ///< managed policy ARNs SAM adds first
  const Value* policies = nullptr;  ///< the user's Policies
  const Value* assume = nullptr;    ///< AssumeRolePolicyDocument given by the user
  const Value* boundary = nullptr;  ///< PermissionsBoundary
  const Value* path = nullptr;      ///< RolePath
  const Value* tags = nullptr;
  std::string created_by_tag;      ///< "lambda:createdBy"
  bool always_list_managed = true;  ///< functions always get ManagedPolicyArns
};
Resource& emit_role(Ctx& ctx, const RoleSpec& spec);
/// The managed policy ARN for a name ("AmazonS3ReadOnlyAccess") or an ARN kept as is.
Value managed_policy_arn(const Value& name);

void expand_function(Ctx& ctx, const Resource& sam);
/// One event of a function; may add to ctx.rest_routes / ctx.http_routes.
void expand_event(Ctx& ctx, Resource& fn, Resource* role, const std::string& name,
                  Location loc, const Value& event);
/// Events other than APIs, queues, streams, schedules, S3 and Cognito (events_other.cc);
/// false when `type` is not one it knows.
bool expand_other_event(Ctx& ctx, Resource& fn, Resource* role, const std::string& name, Location loc,
                        const std::string& type, const Value& props);
Resource& emit_permission(Ctx& ctx, const Resource& fn, const std::string& id, const std::string& principal,
                          Location loc);
/// Appends a managed policy ARN to a generated role (once).
void add_managed_policy(Resource* role, const char* arn, Location loc);
/// A state machine's Events: Api routes, Schedule / EventBridgeRule rules, each with the
/// `<Id><Event>Role` SAM creates to start executions.
void expand_state_machine_events(Ctx& ctx, Resource& sm, const Value& events);
/// DeploymentPreference: CodeDeploy application, service role and deployment group.
void expand_deployment_preference(Ctx& ctx, const Resource& fn, const Value& props);
void expand_rest_api(Ctx& ctx, const Resource* sam, const std::string& id);
void expand_http_api(Ctx& ctx, const Resource* sam, const std::string& id);
void expand_simple_table(Ctx& ctx, const Resource& sam);
void expand_layer(Ctx& ctx, const Resource& sam);
void expand_state_machine(Ctx& ctx, const Resource& sam);

/// The Body of an API whose DefinitionBody is not a map: an `AWS::Include` transform (the
/// OpenAPI file beside the template) or a value known only at deploy time stays Unknown
/// without a word; anything else is reported and replaced by Unknown.
Value opaque_body(Ctx& ctx, const Value& body, const std::string& api_id);

/// OpenAPI documents: the paths of the routes, with security as SAM computes it.
/// `cors` is the API's Cors setting (nullptr when absent): it adds OPTIONS operations;
/// `openapi_version` its OpenApiVersion (3.x gives an OpenAPI 3 document).
Value swagger_body(const std::vector<Route>& routes, const Value& auth, const Value* cors,
                   const Value* openapi_version, Location loc);
/// A user's DefinitionBody as SAM deploys it: the API's default authorizer, API keys and
/// authorizer definitions applied to its operations, and, when `merge_routes`, the event
/// routes merged in (HTTP APIs always; REST APIs with MergeDefinitions).
Value user_body(const Value& body, const std::vector<Route>& routes, const Value& auth, bool http,
                bool merge_routes, Location loc);
Value openapi3_body(const std::vector<Route>& routes, const Value& auth, Location loc);

}  // namespace kl::sam::detail
