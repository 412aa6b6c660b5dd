// AWS::Serverless::LayerVersion -> AWS::Lambda::LayerVersion `<Id><hash>` (the translator
// hashes the content location so each change publishes a new version). References to the
// SAM id are renamed to the generated one.
#include "sam/detail.h"

namespace kl::sam::detail {

void expand_layer(Ctx& ctx, const Resource& sam) {
  Value props = merge_globals(ctx.globals, "LayerVersion", sam.properties);
  if (!props.is_map()) props = Value::map(sam.loc);
  const Value* content = props.get("ContentUri");
  std::string id = sam.id + hash10(sam.id + (content ? content->debug() : ""));
  Resource& l = ctx.emit(id, "AWS::Lambda::LayerVersion", sam.loc, sam.id);
  l.metadata = sam.metadata;
  l.condition = sam.condition;
  l.edges = sam.edges;
  if (content)
    l.properties.set("Content", s3_location(*content, "S3Bucket", "S3Key", "S3ObjectVersion"),
                     key_loc(&props, "ContentUri", sam.loc));
  else
    ctx.warn(sam.loc, "AWS::Serverless::LayerVersion '" + sam.id + "' has no 'ContentUri'");
  if (const model::Member* n = props.member("LayerName"))
    l.properties.set("LayerName", n->value, n->key_loc);
  else
    l.properties.set("LayerName", str(sam.id, sam.loc), sam.loc);
  for (const char* key : {"Description", "CompatibleRuntimes", "CompatibleArchitectures", "LicenseInfo"})
    copy_prop(props, l.properties, key);
  ctx.renamed[sam.id] = id;
}

}  // namespace kl::sam::detail
