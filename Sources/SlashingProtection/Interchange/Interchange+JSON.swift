#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ConsensusTypes
import EthereumCore

extension Interchange {
    /// Parses an interchange document strictly (EIP-3076 v5 and its JSON schema).
    ///
    /// - Parameter json: the UTF-8 JSON document.
    /// - Throws: ``SlashingProtectionError`` (`invalidInterchange`) naming the entry and field that
    ///   is wrong: malformed JSON, a missing field, a number given as a JSON number instead of a
    ///   decimal string, a value above 2^63−1, hex without `0x` or of the wrong length, a version
    ///   other than `"5"`.
    public init(json: [UInt8]) throws(SlashingProtectionError) {
        let raw: RawDocument
        do {
            raw = try JSONDecoder().decode(RawDocument.self, from: Data(json))
        } catch let error as DecodingError {
            throw SlashingProtectionError(.invalidInterchange, Self.describe(error))
        } catch {
            throw SlashingProtectionError(.invalidInterchange, "not a JSON interchange document")
        }
        guard raw.metadata.interchange_format_version == Self.formatVersion else {
            throw SlashingProtectionError(
                .invalidInterchange,
                "metadata.interchange_format_version: \"\(raw.metadata.interchange_format_version)\" is not supported (only \"5\")")
        }
        let gvr = try Self.fixed(raw.metadata.genesis_validators_root, Root.self, at: "metadata.genesis_validators_root")
        var data: [ValidatorHistory] = []
        data.reserveCapacity(raw.data.count)
        for (i, entry) in raw.data.enumerated() {
            let path = "data[\(i)]"
            let pubkey = try Self.fixed(entry.pubkey, BLSPubkey.self, at: "\(path).pubkey")
            var blocks: [SignedBlock] = []
            blocks.reserveCapacity(entry.signed_blocks.count)
            for (j, block) in entry.signed_blocks.enumerated() {
                let at = "\(path).signed_blocks[\(j)]"
                blocks.append(
                    SignedBlock(
                        slot: try Self.decimal(block.slot, at: "\(at).slot"),
                        signingRoot: try block.signing_root.flatMap { raw throws(SlashingProtectionError) in
                            try Self.root(raw, at: "\(at).signing_root")
                        }))
            }
            var attestations: [SignedAttestation] = []
            attestations.reserveCapacity(entry.signed_attestations.count)
            for (j, attestation) in entry.signed_attestations.enumerated() {
                let at = "\(path).signed_attestations[\(j)]"
                attestations.append(
                    SignedAttestation(
                        sourceEpoch: try Self.decimal(attestation.source_epoch, at: "\(at).source_epoch"),
                        targetEpoch: try Self.decimal(attestation.target_epoch, at: "\(at).target_epoch"),
                        signingRoot: try attestation.signing_root.flatMap { raw throws(SlashingProtectionError) in
                            try Self.root(raw, at: "\(at).signing_root")
                        }))
            }
            data.append(ValidatorHistory(pubkey: pubkey, signedBlocks: blocks, signedAttestations: attestations))
        }
        self.init(genesisValidatorsRoot: gvr, data: data)
    }

    /// The document as pretty-printed UTF-8 JSON, numbers as decimal strings, unknown roots omitted.
    public func json() -> [UInt8] {
        var out = "{\n  \"metadata\": {\n    \"interchange_format_version\": \"\(Self.formatVersion)\",\n"
        out += "    \"genesis_validators_root\": \"0x\(genesisValidatorsRoot)\"\n  },\n  \"data\": ["
        for (i, entry) in data.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\n      \"pubkey\": \"0x\(entry.pubkey)\",\n      \"signed_blocks\": ["
            for (j, block) in entry.signedBlocks.enumerated() {
                out += j == 0 ? "\n" : ",\n"
                out += "        {\"slot\": \"\(block.slot)\""
                if let root = block.signingRoot { out += ", \"signing_root\": \"0x\(root)\"" }
                out += "}"
            }
            out += entry.signedBlocks.isEmpty ? "],\n" : "\n      ],\n"
            out += "      \"signed_attestations\": ["
            for (j, a) in entry.signedAttestations.enumerated() {
                out += j == 0 ? "\n" : ",\n"
                out += "        {\"source_epoch\": \"\(a.sourceEpoch)\", \"target_epoch\": \"\(a.targetEpoch)\""
                if let root = a.signingRoot { out += ", \"signing_root\": \"0x\(root)\"" }
                out += "}"
            }
            out += entry.signedAttestations.isEmpty ? "]\n    }" : "\n      ]\n    }"
        }
        out += data.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return Array(out.utf8)
    }

    // MARK: - Field parsers

    /// A decimal string: digits only, no sign, no leading zeros, at most 2^63−1.
    static func decimal(_ text: String, at path: String) throws(SlashingProtectionError) -> UInt64 {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty, utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw SlashingProtectionError(.invalidInterchange, "\(path): \"\(text.prefix(24))\" is not a decimal string")
        }
        guard utf8.count == 1 || utf8[0] != UInt8(ascii: "0") else {
            throw SlashingProtectionError(.invalidInterchange, "\(path): \"\(text.prefix(24))\" has a leading zero")
        }
        guard let value = UInt64(text), value <= maximumSlotOrEpoch else {
            throw SlashingProtectionError(.invalidInterchange, "\(path): \(text.prefix(24)) is above 2^63-1")
        }
        return value
    }

    /// `0x` + exactly `T.byteCount` bytes of hex.
    static func fixed<T: FixedBytes>(_ text: String, _: T.Type, at path: String) throws(SlashingProtectionError) -> T {
        guard text.hasPrefix("0x") else {
            throw SlashingProtectionError(.invalidInterchange, "\(path): hex must start with 0x")
        }
        do {
            return T(unchecked: try Hex.decode(text.dropFirst(2), count: T.byteCount))
        } catch {
            throw SlashingProtectionError(.invalidInterchange, "\(path): not \(T.byteCount) bytes of hex (\(error.reason))")
        }
    }

    /// A 32-byte root.
    static func root(_ text: String, at path: String) throws(SlashingProtectionError) -> Root? {
        try fixed(text, Root.self, at: path)
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var out = ""
            for key in keys {
                if let index = key.intValue { out += "[\(index)]" } else { out += out.isEmpty ? key.stringValue : ".\(key.stringValue)" }
            }
            return out.isEmpty ? "document" : out
        }
        switch error {
        case .typeMismatch(let type, let context):
            let expected = type == String.self ? "a string (numbers are decimal strings)" : type is [Any].Type ? "an array" : "an object"
            return "\(path(context.codingPath)): expected \(expected)"
        case .valueNotFound(_, let context):
            return "\(path(context.codingPath)): must not be null"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context.codingPath)): invalid value"
        @unknown default:
            return "not a valid interchange document"
        }
    }
}

// The document as JSON gives it, before any check but types. Field names are the EIP's.
private struct RawDocument: Decodable {
    struct Metadata: Decodable {
        let interchange_format_version: String
        let genesis_validators_root: String
    }
    struct Entry: Decodable {
        let pubkey: String
        let signed_blocks: [Block]
        let signed_attestations: [Attestation]
    }
    struct Block: Decodable {
        let slot: String
        let signing_root: String?
    }
    struct Attestation: Decodable {
        let source_epoch: String
        let target_epoch: String
        let signing_root: String?
    }
    let metadata: Metadata
    let data: [Entry]
}
