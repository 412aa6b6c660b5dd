// AWS::Serverless::SimpleTable -> AWS::DynamoDB::Table (same id): PrimaryKey {Name, Type}
// becomes the hash key (default `id`, String), on-demand billing unless
// ProvisionedThroughput is given.
#include "sam/detail.h"

namespace kl::sam::detail {

void expand_simple_table(Ctx& ctx, const Resource& sam) {
  Value props = merge_globals(ctx.globals, "SimpleTable", sam.properties);
  if (!props.is_map()) props = Value::map(sam.loc);
  Resource& t = ctx.emit(sam.id, "AWS::DynamoDB::Table", sam.loc, "");
  t.metadata = sam.metadata;
  t.condition = sam.condition;
  t.edges = sam.edges;
  Location loc = key_loc(&props, "PrimaryKey", sam.loc);
  const Value* pk = props.get("PrimaryKey");
  if (pk && !pk->is_map()) {
    ctx.warn(pk->loc(), "'PrimaryKey' of '" + sam.id + "' must be a map");
    pk = nullptr;
  }
  Value name = pk && pk->get("Name") ? *pk->get("Name") : str("id", loc);
  std::string type = known(field(pk, "Type")).value_or("String");
  std::string attr_type = type == "Number" ? "N" : type == "Binary" ? "B" : "S";
  if (type != "String" && type != "Number" && type != "Binary")
    ctx.warn(loc, "'PrimaryKey.Type' of '" + sam.id + "' must be String, Number or Binary");

  Value def = Value::map(loc);
  def.set("AttributeName", name, loc);
  def.set("AttributeType", str(attr_type, loc), loc);
  Value defs = Value::list(loc);
  defs.push(std::move(def));
  t.properties.set("AttributeDefinitions", std::move(defs), loc);
  Value key = Value::map(loc);
  key.set("AttributeName", name, loc);
  key.set("KeyType", str("HASH", loc), loc);
  Value keys = Value::list(loc);
  keys.push(std::move(key));
  t.properties.set("KeySchema", std::move(keys), loc);
  if (props.get("ProvisionedThroughput"))
    copy_prop(props, t.properties, "ProvisionedThroughput");
  else
    t.properties.set("BillingMode", str("PAY_PER_REQUEST", sam.loc), sam.loc);
  copy_prop(props, t.properties, "TableName");
  copy_prop(props, t.properties, "SSESpecification");
  copy_prop(props, t.properties, "PointInTimeRecoverySpecification");
  if (const Value* tags = props.get("Tags"); tags && tags->is_map()) {
    Value list = tag_list(tags, "aws:cloudformation:createdBy", loc);
    list.items().erase(list.items().begin());  // SimpleTable adds no tag of its own
    t.properties.set("Tags", std::move(list), key_loc(&props, "Tags", loc));
  }
}

}  // namespace kl::sam::detail
