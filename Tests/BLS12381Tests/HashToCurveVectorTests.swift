@testable import BLS12381
import TestSupport
import Testing

/// RFC 9380 vectors (../shared/vectors/rfc9380-hash-to-curve): expand_message_xmd (SHA-256,
/// including the oversize-DST file), BLS12381G2_XMD:SHA-256_SSWU_RO_ (u, Q0, Q1 and P) and _NU_.
@Suite struct HashToCurveVectorTests {
    @Test(arguments: ["expand_message_xmd_SHA256_38.json", "expand_message_xmd_SHA256_256.json"])
    func expandMessageXMD(file: String) throws {
        let suite = try #require(try Vectors.json("rfc9380-hash-to-curve/\(file)") as? [String: Any])
        let dst = Array(try #require(suite["DST"] as? String).utf8)
        let tests = try #require(suite["tests"] as? [[String: String]])
        #expect(tests.count == 10)
        for t in tests {
            let lengthText = try #require(t["len_in_bytes"])
            let length = try #require(Int(lengthText.dropFirst(2), radix: 16))
            let produced = ExpandMessageXMD.expand(Array(try #require(t["msg"]).utf8), dst: dst, lenInBytes: length)
            #expect(produced == (try hex(t["uniform_bytes"])), "msg \(t["msg"] ?? "")")
        }
    }

    private func point(_ value: Any?) throws -> (Fp2, Fp2) {
        let p = try #require(value as? [String: String])
        return (try fp2(p["x"]), try fp2(p["y"]))
    }

    @Test func hashToCurveRandomOracle() throws {
        let suite = try #require(try Vectors.json("rfc9380-hash-to-curve/BLS12381G2_XMD_SHA-256_SSWU_RO_.json") as? [String: Any])
        let dst = Array(try #require(suite["dst"] as? String).utf8)
        let vectors = try #require(suite["vectors"] as? [[String: Any]])
        #expect(vectors.count == 5)
        for v in vectors {
            let msg = Array(try #require(v["msg"] as? String).utf8)
            let u = HashToG2.hashToField(msg, dst: dst, count: 2)
            let expectedU = try #require(v["u"] as? [String]).map { try fp2($0) }
            #expect(u[0].constantTimeEquals(expectedU[0]).isTrue && u[1].constantTimeEquals(expectedU[1]).isTrue)
            for (index, key) in ["Q0", "Q1"].enumerated() {
                let (x, y, _) = HashToG2.mapToCurve(u[index]).toAffine()
                let (ex, ey) = try point(v[key])
                #expect(x.constantTimeEquals(ex).isTrue && y.constantTimeEquals(ey).isTrue, "\(key) of \(msg.count)-byte msg")
            }
            let (x, y, _) = HashToG2.hash(msg, dst: dst).toAffine()
            let (ex, ey) = try point(v["P"])
            #expect(x.constantTimeEquals(ex).isTrue && y.constantTimeEquals(ey).isTrue, "P of \(msg.count)-byte msg")
        }
    }

    @Test func encodeToCurveNonUniform() throws {
        let suite = try #require(try Vectors.json("rfc9380-hash-to-curve/BLS12381G2_XMD_SHA-256_SSWU_NU_.json") as? [String: Any])
        let dst = Array(try #require(suite["dst"] as? String).utf8)
        let vectors = try #require(suite["vectors"] as? [[String: Any]])
        #expect(vectors.count == 5)
        for v in vectors {
            let msg = Array(try #require(v["msg"] as? String).utf8)
            let (x, y, _) = HashToG2.encode(msg, dst: dst).toAffine()
            let (ex, ey) = try point(v["P"])
            #expect(x.constantTimeEquals(ex).isTrue && y.constantTimeEquals(ey).isTrue, "P of \(msg.count)-byte msg")
        }
    }
}
