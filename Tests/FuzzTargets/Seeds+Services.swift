import Foundation
import TestSupport

/// Keygen, kms-account and validator payloads, as the reference's callers and our extensions send them.
let lambdaSeeds = [
    #"{"num_validators": 2, "mnemonic_language": "english", "chain": "hoodi", "eth1_withdrawal_address": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"}"#,
    #"{"num_validators": 1, "chain": "mainnet", "eth1_withdrawal_address": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "withdrawal_type": "0x02", "amount": 64.5, "kdf": "pbkdf2"}"#,
    #"{"chain": "gnosis", "mnemonic_language": "japanese"}"#,
    #"{"operation": "status"}"#,
    #"{"operation":"sign","amount":0.01,"dst_address":"0xa5D3241A1591061F2a4bB69CA0215F66520E67cf","nonce":7}"#,
    #"{"operation":"sign","amount":1,"dst_address":"0xa5d3241a1591061f2a4bb69ca0215f66520e67cf","nonce":3,"chainid":11155111,"type":2,"max_fee_per_gas":100000000000,"max_priority_fee_per_gas":"0x3b9aca00","data":"0xdeadbeef"}"#,
    #"{"operation":"sign_transaction","transaction":{"type":"0x2","chainId":"0x1","nonce":"0x2a","gas":"0x5208","maxFeePerGas":"0x6fc23ac00","maxPriorityFeePerGas":"0x3b9aca00","to":"0x3535353535353535353535353535353535353535","value":"0x1"}}"#,
    #"{"operation":"sign_message","message_hex":"0x68656c6c6f"}"#,
    #"{"operation":"set_tls_key"}"#,
    #"{"operation":"web3signer_status"}"#,
    #"{"operation":"web3signer_public_keys"}"#,
    #"{"operation":"sign_typed_data","typed_data":{"types":{"EIP712Domain":[{"name":"name","type":"string"}],"P":[{"name":"h","type":"bytes32"}]},"primaryType":"P","domain":{"name":"Short"},"message":{"h":"0x1234"}}}"#,
]

/// Response bodies of the operations the clients call, and error bodies.
let awsResponseSeeds = [
    #"{"Plaintext": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "KeyId": "arn:aws:kms:us-east-1:1:key/k"}"#,
    #"{"CiphertextBlob": "AQID", "Plaintext": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "KeyId": "k"}"#,
    #"{"PublicKey": "MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAE", "KeySpec": "ECC_SECG_P256K1", "KeyUsage": "SIGN_VERIFY"}"#,
    #"{"Signature": "MEQCIAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAiABAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQ==", "KeyId": "k", "SignatureValid": true}"#,
    #"{"KeyMetadata": {"KeyId": "k", "Arn": "arn", "KeyState": "Enabled", "Enabled": true}}"#,
    #"{"ARN": "arn", "Name": "s", "VersionId": "v", "SecretString": "{\"k\":1}", "VersionStages": ["AWSCURRENT"], "VersionIdsToStages": {"v": ["AWSCURRENT"]}}"#,
    #"{"ARN": "arn", "SecretBinary": "AAEC"}"#,
    #"{"Item": {"web3signer_uuid": {"S": "none"}, "pubkey": {"S": "abababababababababababababababababababababababababababababababababababababababababababababababab"}, "active": {"BOOL": true}, "chain": {"S": "mainnet"}, "datetime": {"S": "2026-01-01T00:00:00Z"}, "deposit_json_b64": {"S": "W10="}, "encrypted_key_password_mnemonic_b64": {"S": "AA=="}, "n": {"N": "1"}, "l": {"L": [{"NULL": true}, {"SS": ["a"]}, {"BS": ["AA=="]}, {"M": {}}]}}}"#,
    #"{"Items": [{"pubkey": {"S": "x"}}], "LastEvaluatedKey": {"pubkey": {"S": "x"}}}"#,
    #"{"Items": [], "Count": 0}"#,
    #"{"__type": "com.amazonaws.kms#KMSInvalidSignatureException", "message": "bad"}"#,
    #"{"__type": "ThrottlingException", "Message": "slow down"}"#,
    #"<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>Signature expired</Message></Error></ErrorResponse>"#,
    #"{"Code": "Success", "AccessKeyId": "ASIA", "SecretAccessKey": "s", "Token": "t", "Expiration": "2026-01-01T00:00:00Z"}"#,
    #"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIA</AccessKeyId><SecretAccessKey>s/k+=</SecretAccessKey><SessionToken>t&amp;</SessionToken><Expiration>2026-01-01T00:00:00.000Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>"#,
    #"<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIA</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2026-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>"#,
    #"<ErrorResponse><Error><Type>Sender</Type><Code>IDPCommunicationError</Code><Message>&#x41; &lt;x&gt;</Message></Error><RequestId>r</RequestId></ErrorResponse>"#,
    #"{"roleCredentials": {"accessKeyId": "ASIA", "secretAccessKey": "s", "sessionToken": "t", "expiration": 1767225600000}}"#,
    #"{"Version": 1, "AccessKeyId": "ASIA", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2026-01-01T00:00:00Z"}"#,
    #"{"startUrl": "https://x.awsapps.com/start", "region": "us-east-1", "accessToken": "a", "expiresAt": "2026-01-01T00:00:00UTC"}"#,
]

/// The request files of both SigV4 suites.
func sigV4Seeds() throws -> [[UInt8]] {
    var seeds: [[UInt8]] = []
    for suite in ["aws-sigv4/aws-c-auth-v4", "aws-sigv4/original-aws-sig-v4-test-suite"] {
        let directory = Vectors.url(suite)
        let cases = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in cases.sorted() {
            let file = directory.appendingPathComponent(name)
            if let data = FileManager.default.contents(atPath: file.appendingPathComponent("request.txt").path) {
                seeds.append(Array(data))
            } else if let data = FileManager.default.contents(atPath: file.appendingPathComponent("\(name).req").path) {
                seeds.append(Array(data))
            }
        }
    }
    guard seeds.count > 10 else { throw Vectors.Missing(path: Vectors.url("aws-sigv4").path) }
    return seeds
}
