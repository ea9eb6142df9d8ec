#!/usr/bin/env python3
"""Tests scripts/check-templates.py's validator and wallet rules: each template as committed passes,
and each deliberately broken copy (one change each, written to a temporary file) fails naming the fault.
Run by scripts/test:
    python3 scripts/check-templates-test.py
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TEMPLATES = {"validator": os.path.join(ROOT, "deploy/validator/template.yaml"), "wallet": os.path.join(ROOT, "deploy/wallet/template.yaml")}
CHECKER = os.path.join(ROOT, "scripts/check-templates.py")

ALLOW_DECRYPT = """            Action: kms:Decrypt
            Resource: "*"
            Condition:
              StringEqualsIgnoreCase:
                kms:RecipientAttestation:ImageSha384: !Ref EnclaveImagePCR0
"""
INSTANCE_STATEMENT = """              - Effect: Allow
                Action: s3:GetObject
"""
FUNCTION_ENCRYPT = """            - Effect: Allow
              Action: kms:Encrypt
              Resource: !GetAtt Key.Arn
"""

# (what is broken, the text replaced, its replacement, what the checker must say)
BROKEN = [
    ("the key policy's Decrypt without its condition", ALLOW_DECRYPT, '            Action: kms:Decrypt\n            Resource: "*"\n',
     "Key.KeyPolicy grants kms:Decrypt without kms:RecipientAttestation:ImageSha384"),
    ("the condition on another value", ALLOW_DECRYPT, ALLOW_DECRYPT.replace("EnclaveImagePCR0", "SignerUUID"),
     "Key.KeyPolicy grants kms:Decrypt without kms:RecipientAttestation:ImageSha384 = EnclaveImagePCR0"),
    ("an unconditional Decrypt for the instance role", INSTANCE_STATEMENT,
     "              - Effect: Allow\n                Action: kms:Decrypt\n                Resource: \"*\"\n" + INSTANCE_STATEMENT,
     "InstanceRole.Policies[0] grants kms:Decrypt"),
    ("kms:* for the function", FUNCTION_ENCRYPT, FUNCTION_ENCRYPT.replace("kms:Encrypt", "kms:*"), "ValidatorFunction.Policies[0] grants kms:Decrypt"),
    ("NotAction that leaves Decrypt in", FUNCTION_ENCRYPT, FUNCTION_ENCRYPT.replace("Action: kms:Encrypt", "NotAction: kms:Sign"),
     "ValidatorFunction.Policies[0] grants kms:Decrypt"),
    ("a managed policy on the function", "              Resource: !Ref SlashingDatabaseSecret\n\n  SignedFunctionCodeSigningConfig:",
     "              Resource: !Ref SlashingDatabaseSecret\n        - AWSKeyManagementServicePowerUser\n\n  SignedFunctionCodeSigningConfig:",
     "is not written out"),
    ("no deny for other images", "          - Sid: DenyDecryptUnlessImageSha384Matches\n            Effect: Deny",
     "          - Sid: DenyDecryptUnlessImageSha384Matches\n            Effect: Allow", "must deny kms:Decrypt to every principal"),
    ("a debug-mode enclave", '--enclave-cid 16"', '--enclave-cid 16 --debug-mode"', "--debug-mode in the resources"),
    ("the debug console", '--enclave-cid 16"', '--enclave-cid 16 --attach-console"', "--attach-console in the resources"),
    ("no slashing-protection database", " --slashing-protection-db-url postgresql://etherkeep@", " --no-db postgresql://etherkeep@",
     "must be given --slashing-protection-db-url"),
    ("the database without TLS", "/etherkeep?sslmode=require", "/etherkeep?sslmode=disable", "must be given --slashing-protection-db-url"),
    ("the instance reads the secret", "              - Effect: Allow\n                Action: s3:GetObject\n",
     "              - Effect: Allow\n                Action: secretsmanager:GetSecretValue\n                Resource: '*'\n              - Effect: Allow\n                Action: s3:GetObject\n",
     "(the instance role) may read secrets"),
    ("a SAM policy template on the function", "              Resource: !Ref SlashingDatabaseSecret\n\n  SignedFunctionCodeSigningConfig:",
     "              Resource: !Ref SlashingDatabaseSecret\n        - KMSDecryptPolicy:\n            KeyId: !GetAtt Key.Arn\n\n  SignedFunctionCodeSigningConfig:",
     "policy template"),
    ("a Deny narrowed by a second condition",
     "              StringNotEqualsIgnoreCase:\n                kms:RecipientAttestation:ImageSha384: !Ref EnclaveImagePCR0\n          # Nobody",
     "              StringNotEqualsIgnoreCase:\n                kms:RecipientAttestation:ImageSha384: !Ref EnclaveImagePCR0\n              Bool:\n                aws:ViaAWSService: \"true\"\n          # Nobody",
     "must deny kms:Decrypt to every principal"),
    ("sslmode given twice", "/etherkeep?sslmode=require", "/etherkeep?sslmode=require&sslmode=disable", "must be given --slashing-protection-db-url"),
    ("a metadata hop limit above 1", "HttpPutResponseHopLimit: 1", "HttpPutResponseHopLimit: 3", "hop limit must be 1"),
    ("PCR0 defaulting to zeros", '    ConstraintDescription: 96 hex digits', "    Default: " + "0" * 96 + "\n    ConstraintDescription: 96 hex digits",
     "EnclaveImagePCR0 defaults to all zeros"),
    ("PCR0 accepting zeros", '    AllowedPattern: "^(?!0{96}$)[0-9a-fA-F]{96}$"', '    AllowedPattern: "^[0-9a-fA-F]{96}$"',
     "must accept 96 hex digits and refuse all zeros"),
    ("a TLS listener", "      Protocol: TCP\n      Port: !Ref SignerPort\n      DefaultActions:", "      Protocol: TLS\n      Port: !Ref SignerPort\n      DefaultActions:",
     "a listener's protocol is TLS, not TCP"),
    ("enclaves off", "        EnclaveOptions:\n          Enabled: true", "        EnclaveOptions:\n          Enabled: false", "EnclaveOptions Enabled: true"),
    ("a burstable instance type", "    Default: m6i.xlarge\n    AllowedValues: [", "    Default: m6i.xlarge\n    AllowedValues: [t3.xlarge, ",
     "whose values all support enclaves"),
    ("IMDSv1", "HttpTokens: required", "HttpTokens: optional", "IMDSv2"),
    ("code signing warn only", "UntrustedArtifactOnDeployment: Enforce", "UntrustedArtifactOnDeployment: Warn", "UntrustedArtifactOnDeployment: Enforce"),
]


# The wallet stack: the same enclave rules, plus an instance that may only read the key's record.
WALLET_BROKEN = [
    ("the wallet key's Decrypt without its condition", ALLOW_DECRYPT, '            Action: kms:Decrypt\n            Resource: "*"\n',
     "Key.KeyPolicy grants kms:Decrypt without kms:RecipientAttestation:ImageSha384"),
    ("a debug-mode wallet enclave", "--enclave-cid 16\n", "--enclave-cid 16 --debug-mode\n", "--debug-mode in the resources"),
    ("the instance may write the key's record", "                Action: secretsmanager:GetSecretValue\n                Resource: !Ref WalletKeySecret\n",
     "                Action: [secretsmanager:GetSecretValue, secretsmanager:PutSecretValue]\n                Resource: !Ref WalletKeySecret\n",
     "lets the instance change secrets"),
    ("a wallet metadata hop limit above 1", "HttpPutResponseHopLimit: 1", "HttpPutResponseHopLimit: 2", "hop limit must be 1"),
    ("an unsigned wallet function", "UntrustedArtifactOnDeployment: Enforce", "UntrustedArtifactOnDeployment: Warn", "UntrustedArtifactOnDeployment: Enforce"),
]

def check(text, name="validator"):
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write(text)
    try:
        result = subprocess.run([sys.executable, CHECKER, f"{name}={f.name}"], cwd=ROOT, capture_output=True, text=True)
        return result.returncode, result.stderr
    finally:
        os.unlink(f.name)


def main():
    failures = []
    for name, broken in (("validator", BROKEN), ("wallet", WALLET_BROKEN)):
        with open(TEMPLATES[name], encoding="utf-8") as f:
            original = f.read()
        status, output = check(original, name)
        if status != 0:
            failures.append(f"the committed {name} template fails: {output}")
        for what, old, new, expected in broken:
            if original.count(old) != 1:
                failures.append(f"{name}: {what}: the text to break is not in the template exactly once")
                continue
            status, output = check(original.replace(old, new), name)
            if status != 1 or expected not in output:
                failures.append(f"{name}: {what}: expected exit 1 naming '{expected}', got {status}: {output.strip()}")
    for failure in failures:
        print(f"check-templates-test: {failure}", file=sys.stderr)
    if failures:
        sys.exit(1)
    print(f"check-templates-test: both templates pass; {len(BROKEN)} broken validator copies and {len(WALLET_BROKEN)} broken wallet copies fail as they should")


if __name__ == "__main__":
    main()
