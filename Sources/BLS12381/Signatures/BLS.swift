/// The Ethereum BLS signature scheme: ciphersuite `BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_`
/// (https://datatracker.ietf.org/doc/html/draft-irtf-cfrg-bls-signature-05, proof-of-possession
/// scheme, minimal-pubkey-size variant), with the Ethereum consensus rules for edge cases.
///
/// Verification functions are variable-time: everything they touch is public.
public enum BLS {
    /// The domain separation tag of the Ethereum ciphersuite.
    public static let ciphersuite = Array("BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_".utf8)

    /// Verify (CoreVerify): e(pk, H(m)) == e(G1, sig).
    public static func verify(publicKey: PublicKey, message: some Collection<UInt8>, signature: Signature) -> Bool {
        coreVerify(publicKey: publicKey, message: message, signature: signature, dst: ciphersuite)
    }

    /// CoreVerify under any DST (the tests also run the basic-scheme suites).
    static func coreVerify(publicKey: PublicKey, message: some Collection<UInt8>, signature: Signature, dst: [UInt8]) -> Bool {
        let h = HashToG2.hash(message, dst: dst)
        return Pairing.productIsOne([(publicKey.point, h), (-G1Curve.generator, signature.point)])
    }

    /// CoreAggregateVerify under any DST; the caller applies its scheme's message rule.
    ///
    /// The hashes and Miller loops of the (key, message) pairs are spread over up to `workers`
    /// threads; the partial loops are multiplied and share one final exponentiation.
    static func coreAggregateVerify(publicKeys: [PublicKey], messages: [[UInt8]], signature: Signature, dst: [UInt8],
                                    workers: Int = Parallel.defaultWorkers) -> Bool {
        guard !publicKeys.isEmpty, publicKeys.count == messages.count else { return false }
        let partials = Parallel.mapChunks(count: publicKeys.count, workers: workers) { range in
            Pairing.millerLoop(range.map { (publicKeys[$0].point, HashToG2.hash(messages[$0], dst: dst)) })
        }
        let f = partials.reduce(Pairing.millerLoop([(-G1Curve.generator, signature.point)])) { $0 * $1 }
        return Pairing.finalExponentiationIsOne(f)
    }

    /// Aggregate: the sum of the signatures.
    ///
    /// - Throws: ``BLSError/Code/emptyInput`` for an empty list (Ethereum: aggregate of [] is invalid).
    public static func aggregate(_ signatures: [Signature]) throws(BLSError) -> Signature {
        guard let first = signatures.first else { throw BLSError(.emptyInput, "aggregate of no signatures") }
        return Signature(point: signatures.dropFirst().reduce(first.point) { $0 + $1.point })
    }

    /// AggregateVerify (POP scheme: messages need not be distinct). False for empty input or
    /// mismatched lengths.
    public static func aggregateVerify(publicKeys: [PublicKey], messages: [[UInt8]], signature: Signature) -> Bool {
        coreAggregateVerify(publicKeys: publicKeys, messages: messages, signature: signature, dst: ciphersuite)
    }

    /// FastAggregateVerify: one message signed by every key. False for an empty key list.
    public static func fastAggregateVerify(publicKeys: [PublicKey], message: some Collection<UInt8>, signature: Signature) -> Bool {
        guard let aggregate = try? PublicKey.aggregate(publicKeys) else { return false }
        return verify(publicKey: aggregate, message: message, signature: signature)
    }

    /// One (public key, message, signature) triple of a batch.
    public struct BatchItem: Sendable {
        public let publicKey: PublicKey
        public let message: [UInt8]
        public let signature: Signature
        public init(publicKey: PublicKey, message: [UInt8], signature: Signature) {
            self.publicKey = publicKey
            self.message = message
            self.signature = signature
        }
    }

    /// Verifies many triples at once with a random linear combination: with random nonzero
    /// 64-bit r_i, checks prod e(r_i pk_i, H(m_i)) == e(G1, sum r_i sig_i) in one multi-pairing,
    /// its Miller loops spread over the cores and one final exponentiation.
    /// True means every signature is valid except with probability about 2^-64; false means at
    /// least one is invalid (verify them one by one to find which). False for an empty batch.
    public static func batchVerify(_ items: [BatchItem]) -> Bool {
        var generator = SystemRandomNumberGenerator()
        return batchVerify(items, using: &generator)
    }

    /// ``batchVerify(_:)`` with a caller-supplied random source (tests).
    public static func batchVerify(_ items: [BatchItem], using generator: inout some RandomNumberGenerator) -> Bool {
        batchVerify(items, using: &generator, workers: Parallel.defaultWorkers)
    }

    /// ``batchVerify(_:)`` on up to `workers` threads: each thread hashes its share of the messages,
    /// scales its keys and signatures by their r_i and runs the Miller loop of its pairs; the
    /// partial loops are multiplied and share one final exponentiation (as does the signature sum).
    static func batchVerify(_ items: [BatchItem], using generator: inout some RandomNumberGenerator, workers: Int) -> Bool {
        guard !items.isEmpty else { return false }
        // The r_i are drawn here, in order, so a seeded generator gives the same batch whatever
        // the thread count.
        let coefficients = items.map { _ in [UInt64.random(in: 1...UInt64.max, using: &generator)] }
        let partials = Parallel.mapChunks(count: items.count, workers: workers) { range -> (Fp12, G2Point) in
            var terms: [(G1Point, G2Point)] = []
            terms.reserveCapacity(range.count)
            var signatureSum = G2Point.identity
            for i in range {
                let item = items[i], r = coefficients[i]
                terms.append((item.publicKey.point.multipliedVartime(by: r), HashToG2.hash(item.message, dst: ciphersuite)))
                signatureSum += item.signature.point.multipliedVartime(by: r)
            }
            return (Pairing.millerLoop(terms), signatureSum)
        }
        let signatureSum = partials.dropFirst().reduce(partials[0].1) { $0 + $1.1 }
        let f = partials.reduce(Pairing.millerLoop([(-G1Curve.generator, signatureSum)])) { $0 * $1.0 }
        return Pairing.finalExponentiationIsOne(f)
    }
}
