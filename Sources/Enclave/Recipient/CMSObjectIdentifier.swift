import SwiftASN1

/// The object identifiers `CiphertextForRecipient` may carry, by their names in the RFCs.
enum CMSObjectIdentifier {
    /// id-envelopedData (RFC 5652 §6.1).
    static let envelopedData: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 7, 3]
    /// id-data (RFC 5652 §4).
    static let data: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 7, 1]
    /// id-RSAES-OAEP (RFC 8017 appendix A.2.1, RFC 3560 §2.2).
    static let rsaesOAEP: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 7]
    /// id-sha256 (RFC 5754 §2.2).
    static let sha256: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]
    /// id-mgf1 (RFC 8017 appendix B.2.1).
    static let mgf1: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 8]
    /// id-pSpecified (RFC 8017 appendix A.2.1): the OAEP label.
    static let pSpecified: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 9]
    /// id-aes256-CBC (RFC 3565 §4.1).
    static let aes256CBC: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 1, 42]
}

extension ASN1Identifier {
    /// `[number]`, context-specific.
    static func context(_ number: UInt) -> ASN1Identifier { ASN1Identifier(tagWithNumber: number, tagClass: .contextSpecific) }

    /// The tag as X.680 writes it (`SEQUENCE`, `[0]`), for error reasons.
    var displayName: String {
        switch self {
        case .sequence: "SEQUENCE"
        case .set: "SET"
        case .octetString: "OCTET STRING"
        case .objectIdentifier: "OBJECT IDENTIFIER"
        case .integer: "INTEGER"
        case .null: "NULL"
        default: tagClass == .contextSpecific ? "[\(tagNumber)]" : "\(tagClass) tag \(tagNumber)"
        }
    }
}
