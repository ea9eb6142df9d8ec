import SwiftASN1

/// The BER walk behind ``EnvelopedData/init(ciphertextForRecipient:)``: SwiftASN1's `BER.parse`
/// builds the tree (definite and indefinite lengths, X.690 §8.1.3; nesting capped at 50; trailing
/// bytes refused), and this reads each RFC 5652 field in order, checking it.
enum CMSReader {
    static func envelopedData(_ bytes: [UInt8]) throws(EnclaveError) -> EnvelopedData {
        let root = try asn1("CiphertextForRecipient") { try BER.parse(bytes) }
        // ContentInfo ::= SEQUENCE { contentType ContentType,
        //   content [0] EXPLICIT ANY DEFINED BY contentType }                        (RFC 5652 §3)
        var contentInfo = try BERFields(root, .sequence, "ContentInfo")
        let contentType = try contentInfo.objectIdentifier("contentType")
        guard contentType == CMSObjectIdentifier.envelopedData else {
            throw EnclaveError(.unexpectedContentType, "ContentInfo.contentType is \(contentType), not id-envelopedData (1.2.840.113549.1.7.3)")
        }
        var content = try BERFields(contentInfo.next("content"), .context(0), "ContentInfo.content")
        try contentInfo.end()
        let envelopedData = try content.next("EnvelopedData")
        try content.end()
        return try Self.envelopedData(envelopedData)
    }

    // EnvelopedData ::= SEQUENCE { version CMSVersion,
    //   originatorInfo [0] IMPLICIT OriginatorInfo OPTIONAL,
    //   recipientInfos RecipientInfos,                       -- SET SIZE (1..MAX) OF RecipientInfo
    //   encryptedContentInfo EncryptedContentInfo,
    //   unprotectedAttrs [1] IMPLICIT UnprotectedAttributes OPTIONAL }          (RFC 5652 §6.1)
    private static func envelopedData(_ node: ASN1Node) throws(EnclaveError) -> EnvelopedData {
        var fields = try BERFields(node, .sequence, "EnvelopedData")
        // Version 2: a KeyTransRecipientInfo of version 2, no originatorInfo, pwri or ori (§6.1).
        try fields.version("version", expected: 2)
        if fields.optional(.context(0)) != nil {
            throw EnclaveError(.malformed, "EnvelopedData.originatorInfo is present; KMS sends none")
        }
        var recipientInfos = try BERFields(fields.next("recipientInfos"), .set, "EnvelopedData.recipientInfos")
        guard let first = recipientInfos.optional() else {
            throw EnclaveError(.recipientCount, "EnvelopedData.recipientInfos is empty; KMS sends exactly one recipient")
        }
        let others = recipientInfos.countRemaining()
        guard others == 0 else {
            throw EnclaveError(.recipientCount, "EnvelopedData.recipientInfos holds \(1 + others) recipients; KMS sends exactly one")
        }
        let recipient = try keyTransRecipientInfo(first)
        let content = try encryptedContentInfo(fields.next("encryptedContentInfo"))
        if fields.optional(.context(1)) != nil {
            throw EnclaveError(.malformed, "EnvelopedData.unprotectedAttrs is present; KMS sends none")
        }
        try fields.end()
        return EnvelopedData(
            recipientKeyIdentifier: recipient.rid, encryptedKey: recipient.encryptedKey, iv: content.iv, encryptedContent: content.encryptedContent)
    }

    // KeyTransRecipientInfo ::= SEQUENCE { version CMSVersion,  -- always set to 0 or 2
    //   rid RecipientIdentifier, keyEncryptionAlgorithm KeyEncryptionAlgorithmIdentifier,
    //   encryptedKey EncryptedKey }                                              (RFC 5652 §6.2.1)
    // RecipientIdentifier ::= CHOICE { issuerAndSerialNumber IssuerAndSerialNumber,
    //   subjectKeyIdentifier [0] SubjectKeyIdentifier }      -- version 2 goes with the second
    private static func keyTransRecipientInfo(_ node: ASN1Node) throws(EnclaveError) -> (rid: [UInt8], encryptedKey: [UInt8]) {
        guard node.identifier == .sequence else {
            // kari [1], kekri [2], pwri [3] and ori [4] (§6.2) are tagged; ktri is the plain SEQUENCE.
            throw EnclaveError(.unsupportedKeyTransport, "recipientInfos holds a \(node.identifier.displayName) recipient, not a KeyTransRecipientInfo")
        }
        var fields = try BERFields(node, .sequence, "KeyTransRecipientInfo")
        try fields.version("version", expected: 2)
        let ridNode = try fields.next("rid")
        guard ridNode.identifier == .context(0) else {
            throw EnclaveError(.unsupportedVersion, "KeyTransRecipientInfo.rid is \(ridNode.identifier.displayName), not the subjectKeyIdentifier [0] of version 2")
        }
        let rid = try octets(ridNode, .context(0), "KeyTransRecipientInfo.rid")
        try KeyTransport.check(fields.next("keyEncryptionAlgorithm"))
        let encryptedKey = try fields.octetString("encryptedKey")
        try fields.end()
        return (rid, encryptedKey)
    }

    // EncryptedContentInfo ::= SEQUENCE { contentType ContentType,
    //   contentEncryptionAlgorithm ContentEncryptionAlgorithmIdentifier,
    //   encryptedContent [0] IMPLICIT EncryptedContent OPTIONAL }                (RFC 5652 §6.1)
    private static func encryptedContentInfo(_ node: ASN1Node) throws(EnclaveError) -> (iv: [UInt8], encryptedContent: [UInt8]) {
        var fields = try BERFields(node, .sequence, "EncryptedContentInfo")
        let contentType = try fields.objectIdentifier("contentType")
        guard contentType == CMSObjectIdentifier.data else {
            throw EnclaveError(.unexpectedContentType, "EncryptedContentInfo.contentType is \(contentType), not id-data (1.2.840.113549.1.7.1)")
        }
        let iv = try ContentEncryption.iv(fields.next("contentEncryptionAlgorithm"))
        // Optional in CMS (detached content), but KMS always sends it.
        let encryptedContent = try octets(fields.next("encryptedContent"), .context(0), "EncryptedContentInfo.encryptedContent")
        try fields.end()
        guard encryptedContent.count <= EnvelopedData.maximumEncryptedContentByteCount else {
            throw EnclaveError(
                .tooLarge,
                "EncryptedContentInfo.encryptedContent is \(encryptedContent.count) bytes, more than \(EnvelopedData.maximumEncryptedContentByteCount)")
        }
        return (iv, encryptedContent)
    }
}
