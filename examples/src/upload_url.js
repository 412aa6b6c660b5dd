// Upload URL: returns a presigned PUT URL for a key the caller chooses.
const { S3Client, PutObjectCommand } = require("@aws-sdk/client-s3");
const { getSignedUrl } = require("@aws-sdk/s3-request-presigner");

const s3 = new S3Client({});

exports.handler = async (event) => {
  const body = JSON.parse(event.body || "{}");
  // VULNERABLE: the object key comes from the request, so a caller can overwrite any
  // object in the bucket (including other users' images or ../-style paths).
  const command = new PutObjectCommand({ Bucket: process.env.BUCKET, Key: body.key });  // expect: KL-CODE-006
  const url = await getSignedUrl(s3, command, { expiresIn: 3600 });
  return { statusCode: 200, body: JSON.stringify({ url }) };
};
