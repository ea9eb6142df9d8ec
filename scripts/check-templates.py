#!/usr/bin/env python3
"""Checks the security properties issue 6 requires of deploy/*/template.yaml, beyond cfn-lint.

keygen: code signing enforced, reserved concurrency 1, no route out of the VPC (no internet or NAT
gateway, no route, no S3 endpoint; endpoints for KMS and DynamoDB only), key rotation on, and no
statement anywhere granting kms:Decrypt (nor ReEncrypt*, kms:* or a wildcard that covers them).
kms-account: an ECC_SECG_P256K1 SIGN_VERIFY key, and the function granted kms:GetPublicKey and
kms:Sign only. Exits 1 naming every violation.
"""
import fnmatch
import sys

from cfnlint.decode import decode

problems = []


def load(path):
    template, matches = decode(path)
    if matches:
        problems.extend(f"{path}: {m}" for m in matches)
        return {}
    return template


def actions(statement):
    value = statement.get("Action", [])
    return [value] if isinstance(value, str) else list(value)


def statements(policy):
    value = policy.get("Statement", [])
    return [value] if isinstance(value, dict) else list(value)


def grants(statement, action):
    return statement.get("Effect") == "Allow" and any(fnmatch.fnmatch(action.lower(), a.lower()) for a in actions(statement))


def all_policy_statements(resources):
    """Every IAM, key-policy and endpoint-policy statement in the template, with where it is."""
    for name, resource in resources.items():
        props = resource.get("Properties", {})
        for key in ("KeyPolicy", "PolicyDocument"):
            if isinstance(props.get(key), dict):
                for s in statements(props[key]):
                    yield f"{name}.{key}", s
        for i, policy in enumerate(props.get("Policies", []) or []):
            if isinstance(policy, dict):
                for s in statements(policy.get("PolicyDocument", policy)):
                    yield f"{name}.Policies[{i}]", s


def function(resources, env_name):
    for name, r in resources.items():
        if r.get("Type") == "AWS::Serverless::Function":
            if r["Properties"].get("Environment", {}).get("Variables", {}).get("ETHERKEEP_FUNCTION") == env_name:
                return name, r["Properties"]
    problems.append(f"no function with ETHERKEEP_FUNCTION={env_name}")
    return None, {}


def check_common(path, resources, props):
    if props.get("Runtime") != "provided.al2023" or props.get("PackageType", "Zip") != "Zip":
        problems.append(f"{path}: the function must be a provided.al2023 zip")
    configs = [r for r in resources.values() if r.get("Type") == "AWS::Lambda::CodeSigningConfig"]
    if len(configs) != 1 or configs[0]["Properties"]["CodeSigningPolicies"].get("UntrustedArtifactOnDeployment") != "Enforce":
        problems.append(f"{path}: one CodeSigningConfig with UntrustedArtifactOnDeployment: Enforce is required")
    if "CodeSigningConfigArn" not in props:
        problems.append(f"{path}: the function does not use the code signing config")


def check_keygen(path):
    resources = load(path).get("Resources", {})
    name, props = function(resources, "keygen")
    check_common(path, resources, props)
    if props.get("ReservedConcurrentExecutions") != 1:
        problems.append(f"{path}: reserved concurrency must be 1")
    for bad in ("AWS::EC2::InternetGateway", "AWS::EC2::NatGateway", "AWS::EC2::Route", "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::EgressOnlyInternetGateway"):
        if any(r.get("Type") == bad for r in resources.values()):
            problems.append(f"{path}: {bad} gives the VPC a way out")
    services = sorted(str(r["Properties"]["ServiceName"]) for r in resources.values() if r.get("Type") == "AWS::EC2::VPCEndpoint")
    if len(services) != 2 or not any(".kms" in s for s in services) or not any(".dynamodb" in s for s in services):
        problems.append(f"{path}: VPC endpoints must be KMS and DynamoDB only, found {services}")
    keys = [r for r in resources.values() if r.get("Type") == "AWS::KMS::Key"]
    if len(keys) != 1 or keys[0]["Properties"].get("EnableKeyRotation") is not True:
        problems.append(f"{path}: one KMS key with rotation on is required")
    for where, s in all_policy_statements(resources):
        for action in ("kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo"):
            if grants(s, action):
                problems.append(f"{path}: {where} grants {action}")
    tables = [r for r in resources.values() if r.get("Type") == "AWS::DynamoDB::Table"]
    if len(tables) != 1:
        problems.append(f"{path}: one key table is required")
    else:
        t = tables[0]["Properties"]
        if not t.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled"):
            problems.append(f"{path}: the table needs point-in-time recovery")
        if not t.get("SSESpecification", {}).get("SSEEnabled"):
            problems.append(f"{path}: the table needs encryption")
    outputs = set(load(path).get("Outputs", {}))
    for output in ("ValidatorKeyGenFunction", "ValidatorKeyGenFunctionIamRole", "ValidatorKeysTable", "Key"):
        if output not in outputs:
            problems.append(f"{path}: output {output} (the reference's) is missing")


def check_kms_account(path):
    resources = load(path).get("Resources", {})
    name, props = function(resources, "kms-account")
    check_common(path, resources, props)
    keys = [r["Properties"] for r in resources.values() if r.get("Type") == "AWS::KMS::Key"]
    if len(keys) != 1 or keys[0].get("KeySpec") != "ECC_SECG_P256K1" or keys[0].get("KeyUsage") != "SIGN_VERIFY":
        problems.append(f"{path}: one ECC_SECG_P256K1 SIGN_VERIFY key is required")
    kms = set()
    for policy in props.get("Policies", []):
        for s in statements(policy):
            kms.update(a for a in actions(s) if a.lower().startswith("kms:"))
    if kms != {"kms:GetPublicKey", "kms:Sign"}:
        problems.append(f"{path}: the function must be granted kms:GetPublicKey and kms:Sign only, found {sorted(kms)}")


check_keygen("deploy/keygen/template.yaml")
check_kms_account("deploy/kms-account/template.yaml")
for p in problems:
    print(f"check-templates: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
