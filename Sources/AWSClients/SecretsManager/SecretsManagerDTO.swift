/// Secrets Manager request and response bodies as the API names them (wire DTOs, no logic).
///
/// https://docs.aws.amazon.com/secretsmanager/latest/apireference/
enum SecretsManagerDTO {
    struct CreateSecretInput: Encodable {
        let Name: String
        let SecretString: String?
        let SecretBinary: String?
        let KmsKeyId: String?
        let Description: String?
        let ClientRequestToken: String
    }
    struct PutSecretValueInput: Encodable {
        let SecretId: String
        let SecretString: String?
        let SecretBinary: String?
        let ClientRequestToken: String
    }
    struct UpdateSecretInput: Encodable {
        let SecretId: String
        let Description: String?
        let KmsKeyId: String?
        let SecretString: String?
        let SecretBinary: String?
        let ClientRequestToken: String?
    }
    struct VersionOutput: Decodable {
        let ARN: String?
        let Name: String?
        let VersionId: String?
    }
    struct GetSecretValueInput: Encodable {
        let SecretId: String
        let VersionId: String?
        let VersionStage: String?
    }
    struct GetSecretValueOutput: Decodable {
        let ARN: String?
        let Name: String?
        let VersionId: String?
        let SecretString: String?
        let SecretBinary: String?
        let VersionStages: [String]?
    }
    struct SecretIdInput: Encodable {
        let SecretId: String
    }
    struct DescribeSecretOutput: Decodable {
        let ARN: String?
        let Name: String?
        let Description: String?
        let KmsKeyId: String?
        let VersionIdsToStages: [String: [String]]?
    }
}
