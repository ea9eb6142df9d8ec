import SwiftASN1

/// The key-encryption algorithm KMS uses for `RSAES_OAEP_SHA_256`: id-RSAES-OAEP with SHA-256,
/// MGF1-SHA-256 and the empty label (RFC 3560 §2.2, §3; RFC 8017 appendix A.2.1).
enum KeyTransport {
    // RSAES-OAEP-params ::= SEQUENCE {
    //   hashFunc    [0] AlgorithmIdentifier DEFAULT sha1Identifier,
    //   maskGenFunc [1] AlgorithmIdentifier DEFAULT mgf1SHA1Identifier,
    //   pSourceFunc [2] AlgorithmIdentifier DEFAULT pSpecifiedEmptyIdentifier }  (RFC 3560 §3)
    /// Checks `KeyTransRecipientInfo.keyEncryptionAlgorithm`.
    static func check(_ node: ASN1Node) throws(EnclaveError) {
        let name = "KeyTransRecipientInfo.keyEncryptionAlgorithm"
        let (algorithm, parameters) = try algorithmIdentifier(node, name)
        guard algorithm == CMSObjectIdentifier.rsaesOAEP else {
            throw EnclaveError(.unsupportedKeyTransport, "\(name) is \(algorithm), not id-RSAES-OAEP (1.2.840.113549.1.1.7)")
        }
        guard let parameters else {
            throw EnclaveError(.unsupportedKeyTransport, "\(name) has no RSAES-OAEP-params: the defaults are SHA-1 and MGF1-SHA-1, not SHA-256")
        }
        var params = try BERFields(parameters, .sequence, "RSAES-OAEP-params")
        guard let hashFunc = params.optional(.context(0)) else {
            throw EnclaveError(.unsupportedKeyTransport, "RSAES-OAEP-params.hashFunc is absent: SHA-1 by default, not SHA-256")
        }
        try sha256(explicit(hashFunc, 0, "RSAES-OAEP-params.hashFunc"), "RSAES-OAEP-params.hashFunc")
        guard let maskGenFunc = params.optional(.context(1)) else {
            throw EnclaveError(.unsupportedKeyTransport, "RSAES-OAEP-params.maskGenFunc is absent: MGF1 with SHA-1 by default, not SHA-256")
        }
        let (mgf, mgfHash) = try algorithmIdentifier(explicit(maskGenFunc, 1, "RSAES-OAEP-params.maskGenFunc"), "RSAES-OAEP-params.maskGenFunc")
        guard mgf == CMSObjectIdentifier.mgf1 else {
            throw EnclaveError(.unsupportedKeyTransport, "RSAES-OAEP-params.maskGenFunc is \(mgf), not id-mgf1 (1.2.840.113549.1.1.8)")
        }
        guard let mgfHash else {
            throw EnclaveError(.unsupportedKeyTransport, "RSAES-OAEP-params.maskGenFunc has no hash parameter")
        }
        try sha256(mgfHash, "RSAES-OAEP-params.maskGenFunc.parameters")
        // KMS leaves pSourceFunc out (the empty label); an explicit empty id-pSpecified means the same.
        if let pSourceFunc = params.optional(.context(2)) {
            let (source, label) = try algorithmIdentifier(explicit(pSourceFunc, 2, "RSAES-OAEP-params.pSourceFunc"), "RSAES-OAEP-params.pSourceFunc")
            guard source == CMSObjectIdentifier.pSpecified, let label,
                  try octets(label, .octetString, "RSAES-OAEP-params.pSourceFunc.parameters").isEmpty
            else {
                throw EnclaveError(.unsupportedKeyTransport, "RSAES-OAEP-params.pSourceFunc is not id-pSpecified with an empty label")
            }
        }
        try params.end()
    }

    /// The AlgorithmIdentifier inside an `[n] EXPLICIT` field.
    private static func explicit(_ node: ASN1Node, _ number: UInt, _ name: String) throws(EnclaveError) -> ASN1Node {
        var fields = try BERFields(node, .context(number), name)
        let inner = try fields.next("AlgorithmIdentifier")
        try fields.end()
        return inner
    }

    /// id-sha256 with NULL or absent parameters (RFC 4055 §2.1 asks to accept both; KMS sends NULL).
    private static func sha256(_ node: ASN1Node, _ name: String) throws(EnclaveError) {
        let (algorithm, parameters) = try algorithmIdentifier(node, name)
        guard algorithm == CMSObjectIdentifier.sha256 else {
            throw EnclaveError(.unsupportedKeyTransport, "\(name) is \(algorithm), not id-sha256 (2.16.840.1.101.3.4.2.1)")
        }
        if let parameters {
            guard parameters.identifier == .null, case .primitive(let bytes) = parameters.content, bytes.isEmpty else {
                throw EnclaveError(.unsupportedKeyTransport, "\(name): the id-sha256 parameters are \(parameters.identifier.displayName), not NULL or absent")
            }
        }
    }
}

/// The content-encryption algorithm KMS uses: id-aes256-CBC with its IV (RFC 3565 §4.1).
enum ContentEncryption {
    /// The IV of `EncryptedContentInfo.contentEncryptionAlgorithm`, which must be id-aes256-CBC with
    /// `AES-IV ::= OCTET STRING (SIZE(16))`.
    static func iv(_ node: ASN1Node) throws(EnclaveError) -> [UInt8] {
        let name = "EncryptedContentInfo.contentEncryptionAlgorithm"
        let (algorithm, parameters) = try algorithmIdentifier(node, name)
        guard algorithm == CMSObjectIdentifier.aes256CBC else {
            throw EnclaveError(.unsupportedContentEncryption, "\(name) is \(algorithm), not id-aes256-CBC (2.16.840.1.101.3.4.1.42)")
        }
        guard let parameters, parameters.identifier == .octetString else {
            throw EnclaveError(.invalidIV, "\(name): the id-aes256-CBC parameter must be the IV, an OCTET STRING")
        }
        let iv = try octets(parameters, .octetString, "\(name).parameters")
        guard iv.count == 16 else { throw EnclaveError(.invalidIV, "\(name): the IV is \(iv.count) bytes, not 16") }
        return iv
    }
}
