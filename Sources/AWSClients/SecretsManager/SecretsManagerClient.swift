package import AWSCore
package import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// AWS Secrets Manager: CreateSecret, GetSecretValue, PutSecretValue, UpdateSecret, DescribeSecret.
///
/// Secret values travel as `SymmetricKey` (zeroised on release); the JSON text they cross the
/// wire in is a transient `String` (best effort).
package struct SecretsManagerClient: Sendable {
    let client: AWSJSONClient

    package init(context: AWSContext) throws(AWSError) {
        client = try AWSJSONClient(context: context, service: .secretsManager, targetPrefix: "secretsmanager", jsonVersion: "1.1")
    }

    /// A secret value: text (`SecretString`) or bytes (`SecretBinary`).
    package enum Value: Sendable {
        case string(SymmetricKey)
        case binary(SymmetricKey)

        /// The value's bytes (UTF-8 for a string).
        package var key: SymmetricKey {
            switch self {
            case .string(let k), .binary(let k): k
            }
        }

        var wire: (string: String?, binary: String?) {
            switch self {
            case .string(let k): (k.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }, nil)
            case .binary(let k): (nil, k.withUnsafeBytes { Data($0).base64EncodedString() })
            }
        }
    }

    /// Identifiers of a secret version.
    package struct Version: Sendable {
        package let arn: String?
        package let name: String?
        package let versionID: String?
    }

    /// A secret's description (no value).
    package struct Description: Sendable {
        package let arn: String?
        package let name: String?
        package let description: String?
        package let kmsKeyID: String?
        package let versionStages: [String: [String]]
    }

    /// `CreateSecret`, encrypted under `kmsKeyID` (or the account's default key).
    package func createSecret(name: String, value: Value, kmsKeyID: String? = nil, description: String? = nil) async throws(AWSError) -> Version {
        let wire = value.wire
        let input = SecretsManagerDTO.CreateSecretInput(
            Name: name, SecretString: wire.string, SecretBinary: wire.binary, KmsKeyId: kmsKeyID, Description: description,
            ClientRequestToken: UUID().uuidString)
        return Self.version(try await client.call("CreateSecret", input, as: SecretsManagerDTO.VersionOutput.self))
    }

    /// `GetSecretValue` of `versionStage` (default `AWSCURRENT`) or `versionID`.
    package func getSecretValue(id: String, versionID: String? = nil, versionStage: String? = nil) async throws(AWSError) -> (value: Value, version: Version) {
        let output = try await client.call(
            "GetSecretValue", SecretsManagerDTO.GetSecretValueInput(SecretId: id, VersionId: versionID, VersionStage: versionStage),
            as: SecretsManagerDTO.GetSecretValueOutput.self)
        let version = Version(arn: output.ARN, name: output.Name, versionID: output.VersionId)
        if let text = output.SecretString { return (.string(SymmetricKey(data: Array(text.utf8))), version) }
        if let b64 = output.SecretBinary {
            guard var data = Data(base64Encoded: b64) else { throw AWSError(.invalidResponse, "GetSecretValue: SecretBinary is not base64") }
            defer { data.resetBytes(in: 0..<data.count) }
            return (.binary(SymmetricKey(data: data)), version)
        }
        throw AWSError(.invalidResponse, "GetSecretValue: the response has neither SecretString nor SecretBinary")
    }

    /// `PutSecretValue`: a new current version.
    package func putSecretValue(id: String, value: Value) async throws(AWSError) -> Version {
        let wire = value.wire
        let input = SecretsManagerDTO.PutSecretValueInput(SecretId: id, SecretString: wire.string, SecretBinary: wire.binary, ClientRequestToken: UUID().uuidString)
        return Self.version(try await client.call("PutSecretValue", input, as: SecretsManagerDTO.VersionOutput.self))
    }

    /// `UpdateSecret`: description, KMS key and/or value.
    package func updateSecret(id: String, description: String? = nil, kmsKeyID: String? = nil, value: Value? = nil) async throws(AWSError) -> Version {
        let wire = value?.wire
        let input = SecretsManagerDTO.UpdateSecretInput(
            SecretId: id, Description: description, KmsKeyId: kmsKeyID, SecretString: wire?.string, SecretBinary: wire?.binary,
            ClientRequestToken: UUID().uuidString)  // an idempotency token, which the SDKs always fill in
        return Self.version(try await client.call("UpdateSecret", input, as: SecretsManagerDTO.VersionOutput.self))
    }

    /// `DescribeSecret`.
    package func describeSecret(id: String) async throws(AWSError) -> Description {
        let o = try await client.call("DescribeSecret", SecretsManagerDTO.SecretIdInput(SecretId: id), as: SecretsManagerDTO.DescribeSecretOutput.self)
        return Description(arn: o.ARN, name: o.Name, description: o.Description, kmsKeyID: o.KmsKeyId, versionStages: o.VersionIdsToStages ?? [:])
    }

    private static func version(_ o: SecretsManagerDTO.VersionOutput) -> Version {
        Version(arn: o.ARN, name: o.Name, versionID: o.VersionId)
    }
}
