#!/usr/bin/env python3
"""Creates test credentials in a moto_server started with INITIAL_NO_AUTH_ACTION_COUNT=5.

That moto checks SigV4 signatures (as AWS does, with botocore's own signer) after its first five
requests, which this script spends creating an IAM user with an access key and a role; the user
then assumes the role through STS for temporary credentials with a session token. Prints
"<user key id> <user secret> <temp key id> <temp secret> <session token>" (emulator-only values).
Usage: moto_auth_bootstrap.py http://127.0.0.1:PORT
"""
import json, sys
import boto3

url = sys.argv[1]
where = dict(endpoint_url=url, region_name="us-east-1")
allow_all = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
trust_all = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]})
iam = boto3.client("iam", aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap", **where)
iam.create_user(UserName="etherkeep-test")                                                    # 1
iam.put_user_policy(UserName="etherkeep-test", PolicyName="all", PolicyDocument=allow_all)    # 2
key = iam.create_access_key(UserName="etherkeep-test")["AccessKey"]                           # 3
role = iam.create_role(RoleName="etherkeep-test", AssumeRolePolicyDocument=trust_all)["Role"]  # 4
iam.put_role_policy(RoleName="etherkeep-test", PolicyName="all", PolicyDocument=allow_all)    # 5
sts = boto3.client("sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"], **where)
temp = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="etherkeep-test")["Credentials"]
print(key["AccessKeyId"], key["SecretAccessKey"], temp["AccessKeyId"], temp["SecretAccessKey"], temp["SessionToken"])
