import SwiftASN1

/// The fields of one constructed BER node, read in order, each failure naming the field
/// (`EnvelopedData.version`). SwiftASN1 has already checked the tree's lengths and nesting.
struct BERFields {
    private var iterator: ASN1NodeCollection.Iterator
    /// The ASN.1 type being read, for error reasons.
    let name: String

    /// The children of `node`, which must carry `identifier` and be constructed.
    init(_ node: ASN1Node, _ identifier: ASN1Identifier, _ name: String) throws(EnclaveError) {
        guard node.identifier == identifier else {
            throw EnclaveError(.malformed, "\(name): expected \(identifier.displayName), found \(node.identifier.displayName)")
        }
        guard case .constructed(let children) = node.content else {
            throw EnclaveError(.malformed, "\(name) (\(identifier.displayName)) is primitive; it must be constructed")
        }
        iterator = children.makeIterator()
        self.name = name
    }

    /// The next field, which must be there.
    mutating func next(_ field: String) throws(EnclaveError) -> ASN1Node {
        guard let node = iterator.next() else { throw EnclaveError(.malformed, "\(name).\(field) is missing") }
        return node
    }

    /// The next field when it carries `identifier` (an OPTIONAL or DEFAULT field); else nothing is read.
    mutating func optional(_ identifier: ASN1Identifier) -> ASN1Node? {
        var lookahead = iterator
        guard let node = lookahead.next(), node.identifier == identifier else { return nil }
        iterator = lookahead
        return node
    }

    /// The next field, whatever its tag, if there is one.
    mutating func optional() -> ASN1Node? { iterator.next() }

    /// Reads the remaining fields and returns how many there were.
    mutating func countRemaining() -> Int {
        var count = 0
        while iterator.next() != nil { count += 1 }
        return count
    }

    /// Throws unless every field has been read.
    mutating func end() throws(EnclaveError) {
        if let extra = iterator.next() {
            throw EnclaveError(.malformed, "\(name): unexpected \(extra.identifier.displayName) after its last field")
        }
    }

    /// The next field as an OBJECT IDENTIFIER.
    mutating func objectIdentifier(_ field: String) throws(EnclaveError) -> ASN1ObjectIdentifier {
        let node = try next(field)
        return try asn1("\(name).\(field)") { try ASN1ObjectIdentifier(berEncoded: node) }
    }

    /// The next field as a CMSVersion INTEGER, which must equal `expected`.
    mutating func version(_ field: String, expected: Int) throws(EnclaveError) {
        let node = try next(field)
        let version = try asn1("\(name).\(field)") { try Int(berEncoded: node) }
        guard version == expected else {
            throw EnclaveError(.unsupportedVersion, "\(name).\(field) is \(version), not \(expected) (what KMS sends)")
        }
    }

    /// The next field as an OCTET STRING, primitive or constructed from chunks.
    mutating func octetString(_ field: String) throws(EnclaveError) -> [UInt8] {
        try octets(next(field), .octetString, "\(name).\(field)")
    }
}

/// The bytes of an OCTET STRING with tag `identifier` (`[0] IMPLICIT` included), primitive or
/// constructed from OCTET STRING chunks (X.690 §8.7.3), joined.
func octets(_ node: ASN1Node, _ identifier: ASN1Identifier, _ field: String) throws(EnclaveError) -> [UInt8] {
    guard node.identifier == identifier else {
        throw EnclaveError(.malformed, "\(field): expected \(identifier.displayName), found \(node.identifier.displayName)")
    }
    return try asn1(field) { Array(try ASN1OctetString(berEncoded: node, withIdentifier: identifier).bytes) }
}

/// AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }
/// (RFC 5280 §4.1.1.2).
func algorithmIdentifier(_ node: ASN1Node, _ name: String) throws(EnclaveError) -> (algorithm: ASN1ObjectIdentifier, parameters: ASN1Node?) {
    var fields = try BERFields(node, .sequence, name)
    let algorithm = try fields.objectIdentifier("algorithm")
    let parameters = fields.optional()
    try fields.end()
    return (algorithm, parameters)
}

/// Runs a SwiftASN1 call, turning its error into ours: `truncatedASN1Field` is
/// ``EnclaveError/Code-swift.struct/truncated``, every other is
/// ``EnclaveError/Code-swift.struct/malformed``.
func asn1<T>(_ field: String, _ body: () throws -> T) throws(EnclaveError) -> T {
    do {
        return try body()
    } catch let error as ASN1Error {
        if error.code == .truncatedASN1Field { throw EnclaveError(.truncated, "\(field): the input ends inside an element") }
        throw EnclaveError(.malformed, "\(field): \(error)")
    } catch {
        throw EnclaveError(.malformed, "\(field): \(error)")
    }
}
