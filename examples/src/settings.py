"""Shared settings of the Shopfront functions.

The analytics upload key was pasted here "temporarily" (a fake value, for the demo only:
kumolens reports it as KL-SECRET-AWS-ACCESS-KEY-ID, redacted, with the account it decodes to).
"""

ANALYTICS_BUCKET = "shopfront-analytics"
ANALYTICS_ACCESS_KEY_ID = "AKIA4DEMOQSHOPFRONTZ"
REGION = "eu-west-1"
