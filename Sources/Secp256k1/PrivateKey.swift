import CSecp256k1
import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A secp256k1 private key: a scalar d in [1, n − 1].
///
/// The 32 secret bytes live in swift-crypto's `SymmetricKey`, whose storage is wiped when freed;
/// they are reachable only through ``withUnsafeSecretBytes(_:)``. The type is deliberately not
/// `CustomStringConvertible`, not `Codable`, and reflects as redacted. Wiping is best effort:
/// copies made by callers from ``withUnsafeSecretBytes(_:)`` are theirs to wipe.
/// Signing and public-key derivation are constant-time in the key (libsecp256k1).
public final class PrivateKey: Sendable, CustomReflectable {
    private let secret: SymmetricKey
    /// The matching public key.
    public let publicKey: PublicKey

    /// Validates and takes a copy of 32 big-endian bytes; the caller wipes its own copy.
    ///
    /// - Throws: ``Secp256k1Error/Code-swift.struct/invalidPrivateKey`` unless 32 bytes in [1, n − 1].
    public convenience init(bytes: [UInt8]) throws(Secp256k1Error) {
        try self.init(unsafeBytes: bytes.withUnsafeBytes { SymmetricKey(data: $0) })
    }

    /// Validates and takes a copy of 32 big-endian bytes from raw memory; the caller wipes its own copy.
    public convenience init(unsafeBytes bytes: UnsafeRawBufferPointer) throws(Secp256k1Error) {
        try self.init(unsafeBytes: SymmetricKey(data: bytes))
    }

    private init(unsafeBytes key: SymmetricKey) throws(Secp256k1Error) {
        guard key.bitCount == 256 else {
            throw Secp256k1Error(.invalidPrivateKey, "a private key is 32 bytes, got \(key.bitCount / 8)")
        }
        let ctx = Context.shared.pointer
        let valid = key.withUnsafeBytes { secp256k1_ec_seckey_verify(ctx, $0.bindMemory(to: UInt8.self).baseAddress!) == 1 }  // invariant: bitCount was checked to be 256: 32 bytes
        guard valid else { throw Secp256k1Error(.invalidPrivateKey, "private key is zero or not below the curve order") }
        var pk = secp256k1_pubkey()
        let created = key.withUnsafeBytes { secp256k1_ec_pubkey_create(ctx, &pk, $0.bindMemory(to: UInt8.self).baseAddress!) == 1 }  // invariant: bitCount was checked to be 256: 32 bytes
        guard created else { throw Secp256k1Error(.invalidPrivateKey, "cannot derive a public key") }
        self.secret = key
        self.publicKey = PublicKey(validated: pk)
    }

    /// A fresh key from the system's cryptographically secure generator.
    public static func generate() -> PrivateKey {
        while true {
            // A 256-bit value is ≥ n with probability below 2^-127; retry in that case.
            let candidate = SymmetricKey(size: .bits256)
            if let key = try? PrivateKey(unsafeBytes: candidate) { return key }
        }
    }

    /// Calls `body` with the 32 secret bytes. Do not let them escape.
    public func withUnsafeSecretBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try secret.withUnsafeBytes(body)
    }

    /// Signs a 32-byte digest with a deterministic nonce (RFC 6979, HMAC-SHA256, as libsecp256k1's
    /// default nonce function), returning (r, s, recovery id) with s already low (EIP-2).
    ///
    /// - Parameter digest: exactly 32 bytes (the hash is the caller's choice: Keccak-256 for Ethereum).
    /// - Throws: ``Secp256k1Error/Code-swift.struct/invalidDigest`` for a digest of the wrong length.
    public func signature(forDigest digest: some Collection<UInt8>) throws(Secp256k1Error) -> RecoverableSignature {
        let msg = Array(digest)
        guard msg.count == 32 else { throw Secp256k1Error(.invalidDigest, "a digest is 32 bytes, got \(msg.count)") }
        var sig = secp256k1_ecdsa_recoverable_signature()
        let ok = secret.withUnsafeBytes {
            secp256k1_ecdsa_sign_recoverable(
                Context.shared.pointer, &sig, msg, $0.bindMemory(to: UInt8.self).baseAddress!, nil, nil)  // invariant: the secret is 32 bytes
        }
        // Fails only if the nonce function gives up, which RFC 6979 does not for a valid key.
        precondition(ok == 1, "secp256k1_ecdsa_sign_recoverable failed for a valid key")  // invariant: the key passed seckey_verify and the digest is 32 bytes; RFC 6979 never gives up
        var compact = [UInt8](repeating: 0, count: 64)
        var recid: Int32 = 0
        _ = secp256k1_ecdsa_recoverable_signature_serialize_compact(Context.shared.pointer, &compact, &recid, &sig)
        return RecoverableSignature(
            signature: ECDSASignature(validatedR: Array(compact[0..<32]), s: Array(compact[32..<64])),
            validatedRecoveryID: UInt8(recid))
    }

    /// Redacted: reflection shows no secret.
    public var customMirror: Mirror { Mirror(self, children: ["publicKey": publicKey]) }
}
