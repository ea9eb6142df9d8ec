#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The KMS key policy that lets only an attested enclave decrypt (AWS KMS developer guide,
/// "Condition keys for AWS Nitro Enclaves"): `kms:Decrypt` is allowed to the instance role only
/// with a Recipient attestation whose `ImageSha384` (PCR0) — and `PCR8`, when given — match, and
/// denied to everyone otherwise; `kms:ReEncrypt*` and `kms:CreateGrant` are denied to everyone;
/// the encrypt roles may encrypt and make data keys; the administrator manages the key and cannot
/// decrypt — but may rewrite this policy (`PutKeyPolicy`), so who holds that role is part of the trust.
public struct EnclaveKeyPolicy: Sendable {
    public let pcr0: [UInt8]
    public let pcr8: [UInt8]?
    public let instanceRoleARN: String
    public let encryptRoleARNs: [String]
    public let adminARN: String

    /// - Parameters:
    ///   - pcr0Hex, pcr8Hex: 96 hex digits each (48-byte SHA-384 registers), optional `0x`.
    ///   - allowDebug: accept an all-zero PCR0, which every debug-mode enclave reports.
    /// - Throws: ``NitroAttestationError/Code/pcrMismatch`` for a PCR that is not 48 bytes of hex
    ///   or an all-zero PCR0 without `allowDebug`; ``NitroAttestationError/Code/malformedDocument``
    ///   naming an ARN that is not an IAM principal ARN, an instance role that is not a role, ARNs
    ///   of different partitions, an encrypt role given twice, the instance role also encrypting or
    ///   administering (compared without case, as IAM names are), or no encrypt role.
    public init(
        pcr0Hex: String, pcr8Hex: String?, instanceRoleARN: String, encryptRoleARNs: [String], adminARN: String, allowDebug: Bool
    ) throws(NitroAttestationError) {
        pcr0 = try Self.register(pcr0Hex, "--pcr0")
        guard allowDebug || pcr0.contains(where: { $0 != 0 }) else {
            throw NitroAttestationError(.pcrMismatch, "--pcr0 is all zeros, the value of every debug-mode enclave: refused without --allow-debug")
        }
        pcr8 = try pcr8Hex.map { hex throws(NitroAttestationError) in try Self.register(hex, "--pcr8") }
        guard !encryptRoleARNs.isEmpty else { throw NitroAttestationError(.malformedDocument, "at least one --encrypt-role-arn is needed") }
        for (arn, option) in [(instanceRoleARN, "--instance-role-arn"), (adminARN, "--admin-arn")] + encryptRoleARNs.map({ ($0, "--encrypt-role-arn") }) {
            guard Self.isPrincipalARN(arn) else {
                throw NitroAttestationError(.malformedDocument, "\(option) \(arn) is not an IAM principal ARN (arn:aws:iam::<12-digit account>:role/… , user/… or root)")
            }
        }
        // The instance profile's principal is a role; a user or an account root would let every
        // session of it decrypt.
        guard instanceRoleARN.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).last?.hasPrefix("role/") == true else {
            throw NitroAttestationError(.malformedDocument, "--instance-role-arn \(instanceRoleARN) is not a role (arn:aws:iam::<account>:role/…)")
        }
        let partitions = Set(([instanceRoleARN, adminARN] + encryptRoleARNs).map { $0.split(separator: ":")[1] })
        guard partitions.count == 1 else {
            throw NitroAttestationError(.malformedDocument, "the ARNs name different partitions (\(partitions.sorted().joined(separator: ", "))); a key policy lives in one")
        }
        // IAM names are unique regardless of case, so ARN comparisons here ignore it.
        let encrypters = encryptRoleARNs.map { $0.lowercased() }
        guard Set(encrypters).count == encrypters.count else {
            throw NitroAttestationError(.malformedDocument, "an --encrypt-role-arn is given twice")
        }
        guard !encrypters.contains(instanceRoleARN.lowercased()), adminARN.lowercased() != instanceRoleARN.lowercased() else {
            throw NitroAttestationError(.malformedDocument, "the instance role may only decrypt: it cannot also be an encrypt role or the administrator")
        }
        self.instanceRoleARN = instanceRoleARN
        self.encryptRoleARNs = encryptRoleARNs
        self.adminARN = adminARN
    }

    /// The policy document, pretty-printed JSON with sorted keys.
    public var json: String {
        var attestation = ["kms:RecipientAttestation:ImageSha384": AttestationPolicy.hex(pcr0)]
        if let pcr8 { attestation["kms:RecipientAttestation:PCR8"] = AttestationPolicy.hex(pcr8) }
        let statements = [
            Statement(
                Sid: "KeyAdministrationWithoutDecrypt", Effect: "Allow", Principal: .init(AWS: [adminARN]),
                Action: [
                    "kms:CancelKeyDeletion", "kms:Create*", "kms:Delete*", "kms:Describe*", "kms:Disable*", "kms:Enable*", "kms:Get*",
                    "kms:List*", "kms:Put*", "kms:Revoke*", "kms:ScheduleKeyDeletion", "kms:TagResource", "kms:UntagResource", "kms:Update*",
                ],
                Condition: nil),
            Statement(
                Sid: "EncryptForTheVault", Effect: "Allow", Principal: .init(AWS: encryptRoleARNs),
                Action: ["kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"], Condition: nil),
            Statement(
                Sid: "DecryptOnlyInTheAttestedEnclave", Effect: "Allow", Principal: .init(AWS: [instanceRoleARN]),
                Action: ["kms:Decrypt"], Condition: ["StringEqualsIgnoreCase": attestation]),
            // Nobody re-encrypts the vault's ciphertexts under another key, or grants themselves
            // a use of this one: either would take a record out from under the attestation.
            Statement(
                Sid: "DenyReEncryptAndGrants", Effect: "Deny", Principal: .init(AWS: ["*"]),
                Action: ["kms:CreateGrant", "kms:ReEncrypt*"], Condition: nil),
        ] + attestation.keys.sorted().map { key in
            // A missing condition key makes a negated operator true: a Decrypt without a Recipient
            // attestation, or with another image or signer, is denied to every principal, whatever
            // IAM allows. One statement per key: the keys of one condition block are ANDed.
            Statement(
                Sid: "DenyDecryptUnless" + (key.hasSuffix("PCR8") ? "PCR8" : "ImageSha384") + "Matches", Effect: "Deny", Principal: .init(AWS: ["*"]),
                Action: ["kms:Decrypt"], Condition: ["StringNotEqualsIgnoreCase": [key: attestation[key] ?? ""]])
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // invariant: strings and arrays of strings always encode.
        let data = (try? encoder.encode(Document(Version: "2012-10-17", Id: "etherkeep-enclave-key", Statement: statements))) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    struct Document: Encodable {
        let Version: String
        let Id: String
        let Statement: [Statement]
    }

    struct Statement: Encodable {
        struct Principal: Encodable { let AWS: [String] }
        let Sid: String
        let Effect: String
        let Principal: Principal
        let Action: [String]
        let Resource = "*"
        let Condition: [String: [String: String]]?
    }

    static func register(_ text: String, _ option: String) throws(NitroAttestationError) -> [UInt8] {
        let digits = Array((text.hasPrefix("0x") ? String(text.dropFirst(2)) : text).utf8)
        guard digits.count == 96, digits.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0 | 0x20) }) else {
            throw NitroAttestationError(.pcrMismatch, "\(option) is not 96 hex digits (a 48-byte SHA-384 register)")
        }
        func value(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10 }
        return stride(from: 0, to: 96, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
    }

    static func isPrincipalARN(_ arn: String) -> Bool {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", ["aws", "aws-cn", "aws-us-gov"].contains(parts[1]), parts[2] == "iam", parts[3].isEmpty,
              parts[4].count == 12, parts[4].allSatisfy({ $0.isASCII && $0.isNumber })
        else { return false }
        let resource = parts[5]
        return resource == "root" || ((resource.hasPrefix("role/") || resource.hasPrefix("user/")) && resource.count > 5
            && resource.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+=,.@_-/".contains($0)) })
    }
}
