import Foundation
import Testing

@testable import AWSCore

/// The plan a profile resolves to, before any I/O: precedence, role chains, cycles, SSO settings,
/// and the configurations refused with a clear message.
@Suite struct ProfileCredentialSourceTests {
    static let role = "arn:aws:iam::123456789012:role/r"

    /// The plan for `profile` with these files.
    func plan(_ profile: String, config: String, credentials: String? = nil) throws -> ProfileCredentialSource? {
        let files = try ConfigurationTests.Files(config: config, credentials: credentials)
        defer { files.remove() }
        let environment = AWSEnvironment(variables: files.env.merging(["AWS_PROFILE": profile, "HOME": "/nonexistent-home"]) { $1 })
        return try ProfileCredentialSource.resolve(try AWSConfiguration(environment: environment))
    }

    /// The reason `plan` refuses with.
    func refusal(_ profile: String, config: String, credentials: String? = nil) throws -> String {
        do {
            _ = try plan(profile, config: config, credentials: credentials)
        } catch {
            let error = try #require(error as? AWSError)
            #expect(error.code == .invalidConfiguration)
            return error.reason
        }
        Issue.record("profile '\(profile)' was accepted")
        return ""
    }

    func assume(_ profile: String, session: String? = nil, externalID: String? = nil, duration: Int? = nil) -> ProfileCredentialSource.AssumeRole {
        .init(profile: profile, roleARN: Self.role, sessionName: session, externalID: externalID, durationSeconds: duration)
    }

    @Test func assumeRoleFromSourceProfileKeys() throws {
        let config = """
            [profile ops]
            role_arn = \(Self.role)
            source_profile = base
            role_session_name = s1
            external_id = ext
            duration_seconds = 900
            """
        let p = try plan("ops", config: config, credentials: "[base]\naws_access_key_id = AKIA\naws_secret_access_key = s\n")
        #expect(p == .assumeRole(assume("ops", session: "s1", externalID: "ext", duration: 900), source: .staticKeys(profile: "base", file: "credentials")))
    }

    @Test func roleChainsThroughSourceProfiles() throws {
        // ops → mid (a role of its own) → base (keys in the config file, and a role_arn that keys override).
        let config = """
            [profile ops]
            role_arn = \(Self.role)
            source_profile = mid
            [profile mid]
            role_arn = \(Self.role)
            source_profile = base
            [profile base]
            role_arn = arn:aws:iam::1:role/ignored
            source_profile = ops
            aws_access_key_id = AKIA
            aws_secret_access_key = s
            """
        let p = try plan("ops", config: config)
        #expect(p == .assumeRole(assume("ops"), source: .assumeRole(assume("mid"), source: .staticKeys(profile: "base", file: "config"))))
    }

    @Test func selfReferenceNeedsStaticKeys() throws {
        let keys = "aws_access_key_id = AKIA\naws_secret_access_key = s\n"
        let p = try plan("me", config: "[profile me]\nrole_arn = \(Self.role)\nsource_profile = me\n\(keys)")
        #expect(p == .assumeRole(assume("me"), source: .staticKeys(profile: "me", file: "config")))
        let reason = try refusal("me", config: "[profile me]\nrole_arn = \(Self.role)\nsource_profile = me\n")
        #expect(reason.contains("cycle"))
    }

    @Test func sourceProfileCycleIsNamed() throws {
        let config = """
            [profile a]
            role_arn = \(Self.role)
            source_profile = b
            [profile b]
            role_arn = \(Self.role)
            source_profile = c
            [profile c]
            role_arn = \(Self.role)
            source_profile = a
            """
        #expect(try refusal("a", config: config) == "source_profile cycle: 'a' → 'b' → 'c' → 'a'; a profile may name itself only when it has static keys")
    }

    @Test func refusedAssumeRoleConfigurations() throws {
        let base = "[profile base]\naws_access_key_id = AKIA\naws_secret_access_key = SECRETVALUE\n"
        #expect(try refusal("p", config: "[profile p]\nrole_arn = \(Self.role)\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/u\n" + base)
            .contains("mfa_serial"))
        #expect(try refusal("p", config: "[profile p]\nrole_arn = \(Self.role)\nsource_profile = base\ncredential_source = Environment\n" + base)
            .contains("both source_profile and credential_source"))
        #expect(try refusal("p", config: "[profile p]\nrole_arn = \(Self.role)\n") .contains("without source_profile"))
        #expect(try refusal("p", config: "[profile p]\nrole_arn = \(Self.role)\ncredential_source = Lambda\n").contains("'Lambda'"))
        #expect(try refusal("p", config: "[profile p]\nrole_arn = \(Self.role)\nsource_profile = gone\n").contains("'gone'"))
        #expect(try refusal("p", config: "[profile p]\nrole_arn = \(Self.role)\nsource_profile = empty\n[profile empty]\nregion = x\n")
            .contains("configures no credentials"))
        #expect(try refusal("p", config: "[profile p]\nrole_arn = \(Self.role)\nsource_profile = base\nduration_seconds = 60\n" + base)
            .contains("duration_seconds"))
        let halfKeys = try refusal("p", config: "[profile p]\nrole_arn = \(Self.role)\nsource_profile = half\n[profile half]\naws_secret_access_key = SECRETVALUE\n")
        #expect(halfKeys.contains("aws_access_key_id") && !halfKeys.contains("SECRETVALUE"))
    }

    @Test func credentialSourcesAndWebIdentity() throws {
        for (value, named) in [("Environment", ProfileCredentialSource.NamedSource.environment), ("Ec2InstanceMetadata", .ec2InstanceMetadata), ("EcsContainer", .ecsContainer)] {
            let p = try plan("p", config: "[profile p]\nrole_arn = \(Self.role)\ncredential_source = \(value)\n")
            #expect(p == .assumeRole(assume("p"), source: .named(named)))
        }
        let web = try plan("w", config: "[profile w]\nrole_arn = \(Self.role)\nweb_identity_token_file = /t/token\nrole_session_name = pod\nmfa_serial = ignored\n")
        #expect(web == .webIdentity(.init(roleARN: Self.role, tokenFile: "/t/token", sessionName: "pod")))
    }

    @Test func ssoSessionAndLegacyProfiles() throws {
        let config = """
            [profile dev]
            sso_session = corp
            sso_account_id = 111122223333
            sso_role_name = Dev
            [sso-session corp]
            sso_region = eu-west-1
            sso_start_url = https://corp.awsapps.com/start
            [profile old]
            sso_start_url = https://old.awsapps.com/start
            sso_region = us-east-2
            sso_account_id = 444455556666
            sso_role_name = Admin
            [profile clash]
            sso_session = corp
            sso_region = us-west-2
            sso_account_id = 1
            sso_role_name = r
            [profile partial]
            sso_start_url = https://old.awsapps.com/start
            sso_role_name = r
            [profile nosession]
            sso_session = missing
            """
        #expect(try plan("dev", config: config) == .sso(.init(
            profile: "dev", session: "corp", startURL: "https://corp.awsapps.com/start", region: "eu-west-1", accountID: "111122223333", roleName: "Dev")))
        let legacy = try plan("old", config: config)
        #expect(legacy == .sso(.init(profile: "old", session: nil, startURL: "https://old.awsapps.com/start", region: "us-east-2", accountID: "444455556666", roleName: "Admin")))
        if case .sso(let settings)? = legacy {
            #expect(settings.cacheKey == "https://old.awsapps.com/start")
            #expect(settings.login == "aws sso login --profile old")
        }
        #expect(try refusal("clash", config: config).contains("sso_region unlike its sso-session 'corp'"))
        #expect(try refusal("partial", config: config) == "profile 'partial' lacks sso_region, sso_account_id")
        #expect(try refusal("nosession", config: config).contains("[sso-session missing]"))
    }

    @Test func precedenceWithinAProfile() throws {
        let process = "credential_process = /bin/true\n"
        let keys = "aws_access_key_id = AKIA\naws_secret_access_key = s\n"
        // Keys in the credentials file, then credential_process, then keys in the config file.
        #expect(try plan("p", config: "[profile p]\n" + process + keys, credentials: "[p]\n" + keys) == .staticKeys(profile: "p", file: "credentials"))
        #expect(try plan("p", config: "[profile p]\n" + process + keys) == .process(command: "/bin/true", profile: "p"))
        #expect(try plan("p", config: "[profile p]\n" + keys) == .staticKeys(profile: "p", file: "config"))
        // An assumed role comes before the profile's own keys (they are only its source when it names itself).
        let both = try plan("p", config: "[profile p]\nrole_arn = \(Self.role)\ncredential_source = Environment\n" + keys)
        #expect(both == .assumeRole(assume("p"), source: .named(.environment)))
        #expect(try plan("p", config: "[profile p]\nregion = us-east-1\n") == nil)
    }
}
