#include "iam/action_differences.h"

namespace kl::iam::detail {

namespace {

// Sorted by prefix, then as the Service Authorization Reference lists them.
constexpr ActionDifference kDifferences[] = {
    // API Gateway management is authorised per HTTP verb on resource paths.
    {"apigateway", "*",
     "DELETE GET PATCH POST PUT AddCertificateToDomain RemoveCertificateFromDomain SetWebACL "
     "UpdateRestApiPolicy"},
    {"dynamodb", "", "ConditionCheckItem"},
    // Calling an API (execute-api) and managing WebSocket connections.
    {"execute-api", "*", "Invoke InvalidateCache ManageConnections"},
    {"iam", "", "PassRole"},
    {"kms", "", "CreateGrant"},
    {"lambda", "Invoke", "InvokeFunction"},
    {"lambda", "InvokeWithResponseStream", "InvokeFunction"},
    {"lambda", "", "InvokeFunctionUrl"},
    {"s3", "AbortMultipartUpload", "AbortMultipartUpload"},
    {"s3", "CompleteMultipartUpload", "PutObject"},
    {"s3", "CopyObject", "GetObject PutObject"},
    {"s3", "CreateMultipartUpload", "PutObject"},
    {"s3", "DeleteBucketCors", "PutBucketCORS"},
    {"s3", "DeleteBucketEncryption", "PutEncryptionConfiguration"},
    {"s3", "DeleteBucketLifecycle", "PutLifecycleConfiguration"},
    {"s3", "DeleteBucketReplication", "PutReplicationConfiguration"},
    {"s3", "DeleteObjects", "DeleteObject"},
    {"s3", "DeletePublicAccessBlock", "PutBucketPublicAccessBlock"},
    {"s3", "GetBucketAccelerateConfiguration", "GetAccelerateConfiguration"},
    {"s3", "GetBucketAnalyticsConfiguration", "GetAnalyticsConfiguration"},
    {"s3", "GetBucketCors", "GetBucketCORS"},
    {"s3", "GetBucketEncryption", "GetEncryptionConfiguration"},
    {"s3", "GetBucketIntelligentTieringConfiguration", "GetIntelligentTieringConfiguration"},
    {"s3", "GetBucketInventoryConfiguration", "GetInventoryConfiguration"},
    {"s3", "GetBucketLifecycle", "GetLifecycleConfiguration"},
    {"s3", "GetBucketLifecycleConfiguration", "GetLifecycleConfiguration"},
    {"s3", "GetBucketMetricsConfiguration", "GetMetricsConfiguration"},
    {"s3", "GetBucketNotificationConfiguration", "GetBucketNotification"},
    {"s3", "GetBucketReplication", "GetReplicationConfiguration"},
    {"s3", "GetObjectLockConfiguration", "GetBucketObjectLockConfiguration"},
    {"s3", "GetPublicAccessBlock", "GetBucketPublicAccessBlock"},
    {"s3", "HeadBucket", "ListBucket"},
    {"s3", "HeadObject", "GetObject"},
    {"s3", "ListBucketAnalyticsConfigurations", "GetAnalyticsConfiguration"},
    {"s3", "ListBucketIntelligentTieringConfigurations", "GetIntelligentTieringConfiguration"},
    {"s3", "ListBucketInventoryConfigurations", "GetInventoryConfiguration"},
    {"s3", "ListBucketMetricsConfigurations", "GetMetricsConfiguration"},
    {"s3", "ListBuckets", "ListAllMyBuckets"},
    {"s3", "ListMultipartUploads", "ListBucketMultipartUploads"},
    {"s3", "ListObjectVersions", "ListBucketVersions"},
    {"s3", "ListObjects", "ListBucket"},
    {"s3", "ListObjectsV2", "ListBucket"},
    {"s3", "ListParts", "ListMultipartUploadParts"},
    {"s3", "PutBucketAccelerateConfiguration", "PutAccelerateConfiguration"},
    {"s3", "PutBucketAnalyticsConfiguration", "PutAnalyticsConfiguration"},
    {"s3", "PutBucketCors", "PutBucketCORS"},
    {"s3", "PutBucketEncryption", "PutEncryptionConfiguration"},
    {"s3", "PutBucketIntelligentTieringConfiguration", "PutIntelligentTieringConfiguration"},
    {"s3", "PutBucketInventoryConfiguration", "PutInventoryConfiguration"},
    {"s3", "PutBucketLifecycle", "PutLifecycleConfiguration"},
    {"s3", "PutBucketLifecycleConfiguration", "PutLifecycleConfiguration"},
    {"s3", "PutBucketMetricsConfiguration", "PutMetricsConfiguration"},
    {"s3", "PutBucketNotificationConfiguration", "PutBucketNotification"},
    {"s3", "PutBucketReplication", "PutReplicationConfiguration"},
    {"s3", "PutObjectLockConfiguration", "PutBucketObjectLockConfiguration"},
    {"s3", "PutPublicAccessBlock", "PutBucketPublicAccessBlock"},
    {"s3", "SelectObjectContent", "GetObject"},
    {"s3", "UploadPart", "PutObject"},
    {"s3", "UploadPartCopy", "GetObject PutObject"},
    {"s3", "WriteGetObjectResponse", ""},  // s3-object-lambda:WriteGetObjectResponse
    // Object versions and replication are authorised by IAM-only actions.
    {"s3", "",
     "BypassGovernanceRetention DeleteObjectVersion DeleteObjectVersionTagging GetObjectVersion "
     "GetObjectVersionAcl GetObjectVersionAttributes GetObjectVersionForReplication "
     "GetObjectVersionTagging ListAllMyBuckets ListBucket ListBucketVersions "
     "ListBucketMultipartUploads ListMultipartUploadParts ObjectOwnerOverrideToBucketOwner "
     "PutObjectVersionAcl PutObjectVersionTagging ReplicateDelete ReplicateObject ReplicateTags "
     "PutBucketCORS GetBucketCORS PutEncryptionConfiguration GetEncryptionConfiguration"},
    {"s3-object-lambda", "", "WriteGetObjectResponse GetObject PutObject ListBucket"},
    {"sts", "", "SetSourceIdentity TagSession"},
};

constexpr ClassOverride kClassOverrides[] = {
    {"dynamodb:conditioncheckitem", "read"},
    {"execute-api:invoke", "write"},
    {"iam:addusertogroup", "permissions-management"},
    {"iam:createaccesskey", "permissions-management"},
    {"iam:createloginprofile", "permissions-management"},
    {"iam:removeuserfromgroup", "permissions-management"},
    {"iam:updateaccesskey", "permissions-management"},
    {"iam:updateloginprofile", "permissions-management"},
    {"kms:decrypt", "write"},
    {"kms:generatedatakey", "write"},
    {"lambda:invokefunction", "write"},
    {"s3:listallmybuckets", "list"},
    {"s3:listbucket", "list"},
    {"secretsmanager:getsecretvalue", "read"},
    {"sqs:receivemessage", "read"},
    {"sts:assumerole", "write"},
};

}  // namespace

std::span<const ActionDifference> action_differences() { return kDifferences; }
std::span<const ClassOverride> class_overrides() { return kClassOverrides; }

}  // namespace kl::iam::detail
