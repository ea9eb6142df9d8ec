@testable import BLS12381
import EthereumCore
import Testing

/// Differential tests against independent implementations (Tests/BLS12381Tests/Python/bls_oracle.py):
/// Python integers for Fp, blspy (blst) and py_ecc for keys and signatures, on random input.
@Suite struct DifferentialTests {
    private var rng = SystemRandomNumberGenerator()

    private static let p = try! Hex.decode("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab")

    /// A random reduced field element's bytes (rejection sampling below p).
    private mutating func randomFieldBytes() -> [UInt8] {
        while true {
            var bytes = (0..<48).map { _ in UInt8.random(in: 0...255, using: &rng) }
            bytes[0] &= 0x1f
            if Fp.fromBigEndian(bytes) != nil { return bytes }
        }
    }

    private static func minus(_ k: UInt8) -> [UInt8] {
        var v = p
        v[47] -= k
        return v
    }

    @Test mutating func fieldArithmeticMatchesPythonIntegers() throws {
        var cases: [[UInt8]] = [[UInt8](repeating: 0, count: 48), [UInt8](repeating: 0, count: 47) + [1],
                                Self.minus(1), Self.minus(2)]
        for _ in 0..<300 { cases.append(randomFieldBytes()) }
        let wides: [[UInt8]] = cases.indices.map { i in
            i == 0 ? [UInt8](repeating: 0xff, count: 64) : (0..<64).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
        var request: [[String]] = []
        for (i, a) in cases.enumerated() {
            let b = cases[(i * 7 + 3) % cases.count]
            request.append([Hex.encode(a, prefix: false), Hex.encode(b, prefix: false), Hex.encode(wides[i], prefix: false)])
        }
        let answers = try #require(try PythonOracle.call("bls_oracle.py", ["op": "field", "cases": request]) as? [[String: Any]])
        try #require(answers.count == cases.count)
        for (i, answer) in answers.enumerated() {
            let a = try #require(Fp.fromBigEndian(cases[i]))
            let b = try #require(Fp.fromBigEndian(cases[(i * 7 + 3) % cases.count]))
            func expect(_ value: Fp, _ key: String) throws {
                #expect(Hex.encode(value.bigEndianBytes(), prefix: false) == (answer[key] as? String), "\(key) case \(i)")
            }
            try expect(a * b, "mul")
            try expect(a + b, "add")
            try expect(a - b, "sub")
            try expect(-a, "neg")
            try expect(a.inverted(), "inv")
            try expect(wides[i].withUnsafeBytes { Fp.fromBigEndianWide($0) }, "wide")
            let (root, isSquare) = a.squareRoot()
            #expect(isSquare.isTrue == (answer["is_square"] as? Bool), "is_square case \(i)")
            if isSquare.isTrue { #expect(root.squared().constantTimeEquals(a).isTrue) }
        }
    }

    /// A random secret key and message.
    private mutating func randomCase() -> (SecretKey, [UInt8]) {
        let message = (0..<Int.random(in: 0...96, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return (SecretKey.random(), message)
    }

    @Test mutating func signaturesMatchBlst() throws {
        let inputs = (0..<64).map { _ in randomCase() }
        let ours = inputs.map { ($0.0.publicKey(), $0.0.sign($0.1)) }
        let fastMessage: [UInt8] = Array("one message, many keys".utf8)
        let fastSignatures = inputs.prefix(16).map { $0.0.sign(fastMessage) }
        let ourAggregate = try BLS.aggregate(fastSignatures)
        let request: [String: Any] = [
            "op": "blspy",
            "cases": zip(inputs, ours).map { input, out in [
                "sk": input.0.withSerializedBytes { Hex.encode($0, prefix: false) },
                "msg": Hex.encode(input.1, prefix: false),
                "our_pk": Hex.encode(out.0.compressed, prefix: false),
                "our_sig": Hex.encode(out.1.compressed, prefix: false),
            ] },
            "aggregate": [
                "sigs": fastSignatures.map { Hex.encode($0.compressed, prefix: false) },
                "pks": ours.prefix(16).map { Hex.encode($0.0.compressed, prefix: false) },
                "msg": Hex.encode(fastMessage, prefix: false),
                "our_aggregate": Hex.encode(ourAggregate.compressed, prefix: false),
            ],
        ]
        let answer = try #require(try PythonOracle.call("bls_oracle.py", request) as? [String: Any])
        let cases = try #require(answer["cases"] as? [[String: Any]])
        try #require(cases.count == inputs.count)
        for (i, theirs) in cases.enumerated() {
            #expect(Hex.encode(ours[i].0.compressed, prefix: false) == (theirs["pk"] as? String), "pk \(i)")
            #expect(Hex.encode(ours[i].1.compressed, prefix: false) == (theirs["sig"] as? String), "sig \(i)")
            #expect(theirs["verifies_ours"] as? Bool == true)
            #expect(theirs["verifies_tampered"] as? Bool == false)
            // And we verify theirs.
            let theirSignature = try Signature(bytes: try Hex.decode(try #require(theirs["sig"] as? String)))
            #expect(BLS.verify(publicKey: ours[i].0, message: inputs[i].1, signature: theirSignature))
        }
        #expect(Hex.encode(ourAggregate.compressed, prefix: false) == (answer["aggregate"] as? String))
        #expect(answer["fast_aggregate_verify"] as? Bool == true)
        #expect(BLS.fastAggregateVerify(publicKeys: ours.prefix(16).map(\.0), message: fastMessage, signature: ourAggregate))
    }

    @Test mutating func signaturesMatchPyEcc() throws {
        let inputs = (0..<3).map { _ in randomCase() }
        let request: [String: Any] = [
            "op": "py_ecc",
            "cases": inputs.map { ["sk": $0.0.withSerializedBytes { Hex.encode($0, prefix: false) }, "msg": Hex.encode($0.1, prefix: false)] },
        ]
        let answers = try #require(try PythonOracle.call("bls_oracle.py", request) as? [[String: Any]])
        try #require(answers.count == inputs.count)
        for (input, theirs) in zip(inputs, answers) {
            #expect(Hex.encode(input.0.publicKey().compressed, prefix: false) == (theirs["pk"] as? String))
            #expect(Hex.encode(input.0.sign(input.1).compressed, prefix: false) == (theirs["sig"] as? String))
        }
    }
}
