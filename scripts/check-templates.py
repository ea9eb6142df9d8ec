#!/usr/bin/env python3
"""Checks the security properties issue 6 requires of deploy/*/template.yaml, beyond cfn-lint.

keygen: code signing enforced, reserved concurrency 1, no route out of the VPC (no internet or NAT
gateway, no route, no S3 endpoint; endpoints for KMS and DynamoDB only), key rotation on, and no
statement anywhere granting kms:Decrypt (nor ReEncrypt*, kms:* or a wildcard that covers them).
kms-account: an ECC_SECG_P256K1 SIGN_VERIFY key, and the function granted kms:GetPublicKey and
kms:Sign only.
validator: no statement anywhere grants kms:Decrypt (nor ReEncrypt*, kms:* or a wildcard that
covers them) without the condition kms:RecipientAttestation:ImageSha384 = the EnclaveImagePCR0
parameter, and the key policy denies Decrypt to everyone else; no debug mode (no --debug-mode,
--attach-console or --allow-debug anywhere in the resources, PCR0 neither defaulting to nor
accepting all zeros); the host given the shared PostgreSQL slashing-protection database over TLS and
the instance role no secret; enclaves enabled on an instance type that supports them, IMDSv2; the load
balancer internal, network, every listener TCP (TLS ends in the enclave); code signing enforced.
wallet: the same enclave properties, and the instance role may only read the key's secret.
Exits 1 naming every violation.

    python3 scripts/check-templates.py                     # every template under deploy/
    python3 scripts/check-templates.py validator=PATH      # one check on another file (its tests)
"""
import fnmatch
import re
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
    """Whether an Allow statement covers `action`: through Action, or through NotAction not covering it."""
    if statement.get("Effect") != "Allow":
        return False
    if "NotAction" in statement:
        value = statement["NotAction"]
        excluded = [value] if isinstance(value, str) else list(value)
        return not any(fnmatch.fnmatch(action.lower(), a.lower()) for a in excluded)
    return any(fnmatch.fnmatch(action.lower(), a.lower()) for a in actions(statement))


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


ATTESTATION_KEY = "kms:recipientattestation:imagesha384"
PCR0_PARAMETER = {"Ref": "EnclaveImagePCR0"}
DEBUG_FLAGS = ("--debug-mode", "--attach-console", "--allow-debug")
# Nitro Enclaves run on Nitro instances with 4 vCPUs or more (Intel, AMD; Graviton from 2 cores):
# never on the burstable t-types, a1, mac or metal-less tiny sizes.
ENCLAVE_SIZES = re.compile(r"^[a-z][0-9]+[a-z-]*\.(x|[0-9]+x)large$")


def condition_value(statement, operators, key):
    """The value `key` is compared with under one of `operators` (keys compare case-insensitively)."""
    for operator, block in (statement.get("Condition") or {}).items():
        if operator in operators and isinstance(block, dict):
            for name, value in block.items():
                if name.lower() == key:
                    return value
    return None


def strings(value):
    """Every string inside a decoded template value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def check_attested_enclave(path, template, function_name):
    """What every enclave stack must hold: Decrypt only with the attestation of EnclaveImagePCR0
    (and denied otherwise), no debug mode, enclaves on with IMDSv2 at one hop, code signing, the
    function's policies written out, and an internal network load balancer passing TCP through."""
    resources = template.get("Resources", {})
    name, props = function(resources, function_name)
    check_common(path, resources, props)
    for p in props.get("Policies", []):
        if not isinstance(p, dict):
            problems.append(f"{path}: the function's policy {p} is not written out (managed policies may grant kms:Decrypt)")
        elif "Statement" not in p:
            # A SAM policy template ({KMSDecryptPolicy: {KeyId: …}}) expands to statements this
            # check would not see.
            problems.append(f"{path}: the function's policy template {sorted(p)} is not written out (SAM templates may grant kms:Decrypt)")

    # Decrypt only with the enclave's attestation of the image the stack names.
    attested = {"StringEqualsIgnoreCase", "StringEquals"}
    for where, s in all_policy_statements(resources):
        for action in ("kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo"):
            if grants(s, action) and condition_value(s, attested, ATTESTATION_KEY) != PCR0_PARAMETER:
                problems.append(f"{path}: {where} grants {action} without kms:RecipientAttestation:ImageSha384 = EnclaveImagePCR0")
    for resource in resources.values():
        if resource.get("Type") in ("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group") and resource["Properties"].get("ManagedPolicyArns"):
            problems.append(f"{path}: managed policies on an IAM principal may grant kms:Decrypt; write the statements out")
    keys = [r["Properties"] for r in resources.values() if r.get("Type") == "AWS::KMS::Key"]
    if len(keys) != 1 or keys[0].get("EnableKeyRotation") is not True:
        problems.append(f"{path}: one KMS key with rotation on is required")
    else:
        # The Deny must hold its one condition and nothing else: a second operator (say
        # Bool aws:ViaAWSService) would narrow it until it denies nothing.
        denies = [s for s in statements(keys[0].get("KeyPolicy", {})) if s.get("Effect") == "Deny" and "kms:decrypt" in [a.lower() for a in actions(s)]
                  and condition_value(s, {"StringNotEqualsIgnoreCase", "StringNotEquals"}, ATTESTATION_KEY) == PCR0_PARAMETER
                  and len(s.get("Condition", {})) == 1 and all(len(v) == 1 for v in s.get("Condition", {}).values())
                  and s.get("Principal") in ("*", {"AWS": "*"})]
        if not denies:
            problems.append(f"{path}: the key policy must deny kms:Decrypt to every principal unless ImageSha384 is EnclaveImagePCR0")

    # No debug mode, and a PCR0 that cannot be the debug value.
    for text in strings(resources):
        for flag in DEBUG_FLAGS:
            if flag in text:
                problems.append(f"{path}: {flag} in the resources (a debug-mode enclave reports PCR0 zeros, and its console leaks)")
    pcr0 = template.get("Parameters", {}).get("EnclaveImagePCR0")
    if pcr0 is None:
        problems.append(f"{path}: the EnclaveImagePCR0 parameter is missing")
    else:
        if re.fullmatch(r"0+", str(pcr0.get("Default", "1"))):
            problems.append(f"{path}: EnclaveImagePCR0 defaults to all zeros (a debug-mode enclave)")
        pattern = pcr0.get("AllowedPattern")
        if not pattern or re.fullmatch(pattern, "0" * 96) or not re.fullmatch(pattern, "ab" * 48):
            problems.append(f"{path}: EnclaveImagePCR0's AllowedPattern must accept 96 hex digits and refuse all zeros")

    # Enclaves on, on an instance type that has them; IMDSv2.
    launch = [r["Properties"]["LaunchTemplateData"] for r in resources.values() if r.get("Type") == "AWS::EC2::LaunchTemplate"]
    if len(launch) != 1 or launch[0].get("EnclaveOptions", {}).get("Enabled") is not True:
        problems.append(f"{path}: one launch template with EnclaveOptions Enabled: true is required")
    else:
        if launch[0].get("MetadataOptions", {}).get("HttpTokens") != "required":
            problems.append(f"{path}: the instances must require IMDSv2 (HttpTokens: required)")
        if str(launch[0].get("MetadataOptions", {}).get("HttpPutResponseHopLimit")) != "1":
            problems.append(f"{path}: the instance metadata hop limit must be 1 (nothing behind the host may fetch the role's credentials)")
        instance_type = template.get("Parameters", {}).get("InstanceType", {})
        types = list(instance_type.get("AllowedValues", [])) + [instance_type.get("Default", "")]
        if launch[0].get("InstanceType") != {"Ref": "InstanceType"} or not all(ENCLAVE_SIZES.match(t) and not t.startswith(("t", "a1", "mac")) for t in types):
            problems.append(f"{path}: the instance type must be the InstanceType parameter, whose values all support enclaves; found {types}")

    # TLS ends in the enclave: the load balancer passes TCP through.
    balancers = [r["Properties"] for r in resources.values() if r.get("Type") == "AWS::ElasticLoadBalancingV2::LoadBalancer"]
    if len(balancers) != 1 or balancers[0].get("Type") != "network" or balancers[0].get("Scheme") != "internal":
        problems.append(f"{path}: one internal network load balancer is required")
    listeners = [r["Properties"] for r in resources.values() if r.get("Type") == "AWS::ElasticLoadBalancingV2::Listener"]
    if not listeners:
        problems.append(f"{path}: the load balancer has no listener")
    for listener in listeners:
        if listener.get("Protocol") != "TCP":
            problems.append(f"{path}: a listener's protocol is {listener.get('Protocol')}, not TCP: TLS must end in the enclave")
    for group in (r["Properties"] for r in resources.values() if r.get("Type") == "AWS::ElasticLoadBalancingV2::TargetGroup"):
        if group.get("Protocol") != "TCP":
            problems.append(f"{path}: a target group's protocol is {group.get('Protocol')}, not TCP")


def check_validator(path):
    template = load(path)
    resources = template.get("Resources", {})
    check_attested_enclave(path, template, "validator")
    # The host starts the enclave with a slashing-protection history that outlives it: the shared
    # database, over TLS. (Without one the enclave refuses to sign; with SQLite inside, a restarted
    # enclave would have lost what it signed.) The instance is never granted the database secret.
    hosts = [t for t in strings(resources) if "enclave host" in t]
    if not hosts or not all(re.search(r"--slashing-protection-db-url postgresql://[^\s?]+\?sslmode=require(\s|$)", t) for t in hosts):
        problems.append(f"{path}: enclave host must be given --slashing-protection-db-url postgresql://…?sslmode=require")
    for name, resource in resources.items():
        if resource.get("Type") == "AWS::IAM::Role" and "ec2.amazonaws.com" in str(resource.get("Properties", {}).get("AssumeRolePolicyDocument")) \
                and "secretsmanager:" in str(resource).lower():
            problems.append(f"{path}: {name} (the instance role) may read secrets; the database password reaches only the enclave, KMS-encrypted")

    tables = [r["Properties"] for r in resources.values() if r.get("Type") == "AWS::DynamoDB::Table"]
    if len(tables) != 1 or not tables[0].get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled") \
            or not tables[0].get("SSESpecification", {}).get("SSEEnabled"):
        problems.append(f"{path}: one TLS table with point-in-time recovery and encryption is required")


def check_wallet(path):
    template = load(path)
    resources = template.get("Resources", {})
    check_attested_enclave(path, template, "wallet")
    # The instance reads the key's record (ciphertext) and nothing more; only the function writes it.
    secrets = [n for n, r in resources.items() if r.get("Type") == "AWS::SecretsManager::Secret"]
    if len(secrets) != 1:
        problems.append(f"{path}: one Secrets Manager secret (the key's record) is required")
    for name, resource in resources.items():
        if resource.get("Type") == "AWS::IAM::Role" and "ec2.amazonaws.com" in str(resource.get("Properties", {}).get("AssumeRolePolicyDocument")):
            for where, s in all_policy_statements({name: resource}):
                granted = [a.lower() for a in actions(s) if a.lower().startswith("secretsmanager:") or a == "*"]
                if s.get("Effect") == "Allow" and any(a != "secretsmanager:getsecretvalue" for a in granted):
                    problems.append(f"{path}: {where} lets the instance change secrets ({granted}); it may only read the key's record")


CHECKS = {
    "keygen": (check_keygen, "deploy/keygen/template.yaml"),
    "kms-account": (check_kms_account, "deploy/kms-account/template.yaml"),
    "validator": (check_validator, "deploy/validator/template.yaml"),
    "wallet": (check_wallet, "deploy/wallet/template.yaml"),
}

chosen = [argument.split("=", 1) for argument in sys.argv[1:]]
if any(len(c) != 2 or c[0] not in CHECKS for c in chosen):
    print(f"usage: check-templates.py [{'|'.join(CHECKS)}=PATH ...]", file=sys.stderr)
    sys.exit(2)
for name, path in chosen or [(name, default) for name, (_, default) in CHECKS.items()]:
    CHECKS[name][0](path)
for p in problems:
    print(f"check-templates: {p}", file=sys.stderr)
sys.exit(1 if problems else 0)
