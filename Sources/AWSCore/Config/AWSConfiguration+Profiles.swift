/// Any profile of the shared files, not only the active one: what `source_profile` chains and
/// `sso_session` references need.
extension AWSConfiguration {
    /// Static keys of a profile, as the files hold them (the caller turns them into ``AWSCredentials``).
    struct StaticKeys {
        let accessKeyID: String
        let secretAccessKey: String
        let sessionToken: String?
        /// `credentials` or `config`, for messages.
        let file: String
    }

    /// Whether either file has profile `name`.
    func hasProfile(_ name: String) -> Bool {
        configSections[name] != nil || credentialsSections[name] != nil
    }

    /// Profile `name`'s properties, the credentials file's overriding the config file's key by key
    /// (as the AWS CLI merges them); `nil` when neither file has the profile.
    func properties(ofProfile name: String) -> [String: String]? {
        guard hasProfile(name) else { return nil }
        return (configSections[name] ?? [:]).merging(credentialsSections[name] ?? [:]) { _, credentials in credentials }
    }

    /// `aws_access_key_id`, `aws_secret_access_key` and `aws_session_token` of profile `name` in
    /// one file (`credentials` or `config`); `nil` when that file's profile has neither key.
    ///
    /// - Throws: ``AWSError/Code/invalidConfiguration`` when only one of the two keys is set.
    func staticKeys(ofProfile name: String, inFile file: String) throws(AWSError) -> StaticKeys? {
        let properties = (file == "credentials" ? credentialsSections[name] : configSections[name]) ?? [:]
        let id = properties["aws_access_key_id"]
        let secret = properties["aws_secret_access_key"]
        if id == nil, secret == nil { return nil }
        guard let id, !id.isEmpty, let secret, !secret.isEmpty else {
            throw AWSError(
                .invalidConfiguration,
                "profile '\(name)' in the \(file) file needs both aws_access_key_id and aws_secret_access_key")
        }
        return StaticKeys(accessKeyID: id, secretAccessKey: secret, sessionToken: properties["aws_session_token"], file: file)
    }

    /// The `[sso-session NAME]` section of the config file.
    func ssoSession(_ name: String) -> [String: String]? {
        configSections["#sso-session \(name)"]
    }
}
