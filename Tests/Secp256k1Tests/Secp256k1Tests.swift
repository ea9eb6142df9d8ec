import TestSupport
import Crypto
import Testing
@testable import Secp256k1

@Suite struct Secp256k1Tests {
    static let n = hexBytes("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")

    @Test func signRecoverVerifyRoundTrip() throws {
        for _ in 0..<50 {
            let key = PrivateKey.generate()
            let digest = Array(SHA256.hash(data: Array("message \(Int.random(in: 0...1_000_000))".utf8)))
            let sig = try key.signature(forDigest: digest)
            #expect(sig.signature.isLowS)
            #expect(sig.recoveryID <= 1)
            #expect(try sig.recoverPublicKey(digest: digest) == key.publicKey)
            #expect(key.publicKey.isValidSignature(sig.signature, forDigest: digest))
            // RFC 6979: the same key and digest give the same signature.
            #expect(try key.signature(forDigest: digest) == sig)
            // A high-s twin fails libsecp256k1's strict verification but normalises back.
            let high = try ECDSASignature(r: sig.signature.r, s: subtractVartime(Self.n, sig.signature.s))
            #expect(!high.isLowS)
            #expect(!key.publicKey.isValidSignature(high, forDigest: digest))
            #expect(high.lowSNormalized == sig.signature)
            // ... and recovers the key with the other recovery id.
            let flipped = try RecoverableSignature(signature: high, recoveryID: sig.recoveryID ^ 1)
            #expect(try flipped.recoverPublicKey(digest: digest) == key.publicKey)
        }
    }

    @Test func privateKeyRange() throws {
        #expect(throws: Secp256k1Error(.invalidPrivateKey, "")) { try PrivateKey(bytes: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: Secp256k1Error(.invalidPrivateKey, "")) { try PrivateKey(bytes: Self.n) }
        #expect(throws: Secp256k1Error(.invalidPrivateKey, "")) { try PrivateKey(bytes: [UInt8](repeating: 1, count: 31)) }
        var nMinus1 = Self.n
        nMinus1[31] -= 1
        _ = try PrivateKey(bytes: nMinus1)
        // d = 1 gives the generator G (SEC 2 §2.4.1).
        let one = try PrivateKey(bytes: [UInt8](repeating: 0, count: 31) + [1])
        #expect(hexString(one.publicKey.compressed) == "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")
    }

    @Test func privateKeyIsNeverPrinted() throws {
        let secret = [UInt8](repeating: 0x46, count: 32)
        let key = try PrivateKey(bytes: secret)
        var dumped = ""
        dump(key, to: &dumped)
        for text in [String(describing: key), String(reflecting: key), dumped] {
            #expect(!text.contains("4646464646"))
            #expect(!text.contains("70, 70, 70"))
        }
    }

    @Test func publicKeyForms() throws {
        let key = PrivateKey.generate().publicKey
        #expect(try PublicKey(sec1: key.compressed) == key)
        #expect(try PublicKey(sec1: key.uncompressed) == key)
        var hybrid = key.uncompressed
        hybrid[0] = 0x06 | (hybrid[64] & 1)
        #expect(throws: Secp256k1Error(.invalidPublicKey, "")) { try PublicKey(sec1: hybrid) }
        var offCurve = key.uncompressed
        offCurve[64] ^= 1
        #expect(throws: Secp256k1Error(.invalidPublicKey, "")) { try PublicKey(sec1: offCurve) }
    }

    @Test func strictDER() throws {
        let r = "00c1" + String(repeating: "11", count: 31), s = String(repeating: "22", count: 32)
        let good = "3045022100c1" + String(repeating: "11", count: 31) + "0220" + s
        let sig = try ECDSASignature(derEncoded: hexBytes(good))
        #expect(hexString(sig.r) == String(r.dropFirst(2)))
        #expect(hexString(sig.derEncoded) == good)
        let cases: [(String, String)] = [
            (good + "00", "trailing bytes"),
            ("3046" + good.dropFirst(4), "runs past the end"),
            ("3044" + good.dropFirst(4), "trailing bytes"),  // outer length one short
            ("3047" + good.dropFirst(4) + "0500", "extra data inside"),
            ("30440220c1" + String(repeating: "11", count: 31) + "0220" + s, "negative"),
            ("3046022200" + "00c1" + String(repeating: "11", count: 31) + "0220" + s, "leading zero"),
            ("308145022100c1" + String(repeating: "11", count: 31) + "0220" + s, "shortest form"),
            ("3080" + good.dropFirst(4) + "0000", "indefinite"),
            ("3100", "expected tag 0x30"),
            ("3006020100020101", "r is zero"),
        ]
        for (hex, fragment) in cases {
            do {
                _ = try ECDSASignature(derEncoded: hexBytes(hex))
                Issue.record("accepted \(hex)")
            } catch {
                #expect(error.reason.contains(fragment), "\(fragment): got \(error.reason)")
            }
        }
    }
}
