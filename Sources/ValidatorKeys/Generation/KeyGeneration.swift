import BLS12381
import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import ConsensusTypes
public import Crypto

/// Generates validator keystores and deposit data from a mnemonic seed, as ethstaker-deposit-cli's
/// `new-mnemonic` / `existing-mnemonic` do, on every core.
///
/// ## KDF salts: the trade-off
/// Keystore KDFs dominate the run (scrypt n=2^18 takes about a second). Two policies:
/// - ``SaltPolicy/perKeystore`` (default, conservative): every keystore gets its own salt, so N
///   keystores cost N KDF runs, spread over the cores. An attacker who steals the files must
///   attack every keystore separately, and no two keystores share a decryption key.
/// - ``SaltPolicy/sharedPerRun`` (what ethstaker-deposit-cli does): one salt and one derived key
///   for the whole run; keystores differ only in their IVs. One KDF run in total, but all the
///   keystores of a run fall together: one password guess tests them all, and one leaked
///   decryption key opens them all. Same password either way, so the difference is the cost
///   of a guessing attack per keystore, not per run.
///
/// ## Checks before anything is returned
/// Every keystore is parsed back from its JSON text, its KDF parameters compared with those its key
/// was derived with, and decrypted (checksum, AES, pubkey match) with that key; the secret is
/// compared with the derived signing key. The KDF is not run a second time: it is deterministic,
/// and the parsed parameters are the ones used, so a second run would only double the cost.
/// Every deposit signature is verified.
public enum KeyGeneration {
    /// How keystore salts are chosen; see the type documentation.
    public enum SaltPolicy: Sendable { case perKeystore, sharedPerRun }

    /// Which KDF the keystores use: EIP-2335's defaults, or the parameters of a template (its salt
    /// is ignored: every derivation gets a fresh one).
    public enum KDFChoice: Sendable { case scrypt, pbkdf2, custom(KeystoreKDF) }

    /// What to generate.
    public struct Request: Sendable {
        public var startIndex: UInt32
        public var count: Int
        public var chain: ChainSetting
        public var withdrawal: WithdrawalType
        /// Amount in the deposit messages, in gwei, already multiplied by the chain's multiplier.
        public var amountGwei: UInt64
        public var kdf: KDFChoice
        public var saltPolicy: SaltPolicy

        public init(
            startIndex: UInt32, count: Int, chain: ChainSetting, withdrawal: WithdrawalType, amountGwei: UInt64,
            kdf: KDFChoice = .scrypt, saltPolicy: SaltPolicy = .perKeystore
        ) {
            self.startIndex = startIndex
            self.count = count
            self.chain = chain
            self.withdrawal = withdrawal
            self.amountGwei = amountGwei
            self.kdf = kdf
            self.saltPolicy = saltPolicy
        }
    }

    /// One validator's output.
    public struct Output: Sendable {
        public let index: UInt32
        public let keystore: Keystore
        /// The keystore JSON exactly as it is to be written.
        public let keystoreJSON: String
        public let deposit: SignedDeposit
    }

    /// The stages progress is reported for.
    public enum Stage: Sendable { case deriving, encrypting, verifying }

    /// Runs the generation: the EIP-2333 master key is derived once for the whole batch, then
    /// keys, deposits, keystores and checks run on every core (`DispatchQueue.concurrentPerform`).
    ///
    /// Blocks the calling thread until done; from async code use
    /// ``generate(seed:passwords:request:progress:)``, which runs this off the Swift concurrency pool.
    ///
    /// - Parameters:
    ///   - seed: the BIP-39 seed (at least 32 bytes).
    ///   - passwords: one password per keystore, in validator order (`request.count` of them); the
    ///     same password object may stand for several. With ``SaltPolicy/sharedPerRun`` they must
    ///     all be the same password (one derived key encrypts every keystore).
    ///   - request: what to generate.
    ///   - progress: called after each item of each stage, serialised, from worker threads.
    /// - Returns: the keystores and signed deposits, in validator order, every one checked.
    /// - Throws: ``ValidatorKeysError``: bad request (`invalidAmount`, `invalidPath` for an index
    ///   range past 2^32, `invalidPassword` for a password count that is not `request.count` or
    ///   different passwords with a shared salt), or `verificationFailed` when a self-check fails.
    public static func run(
        seed: SymmetricKey, passwords: [KeystorePassword], request: Request,
        progress: @Sendable @escaping (Stage, Int) -> Void = { _, _ in }
    ) throws(ValidatorKeysError) -> [Output] {
        guard request.count >= 1, UInt64(request.startIndex) + UInt64(request.count) <= UInt64(UInt32.max) + 1 else {
            throw ValidatorKeysError(.invalidPath, "validator indices \(request.startIndex)+\(request.count) exceed 2^32")
        }
        guard passwords.count == request.count else {
            throw ValidatorKeysError(.invalidPassword, "\(passwords.count) keystore passwords for \(request.count) keystores")
        }
        if request.saltPolicy == .sharedPerRun, !passwords.allSatisfy({ $0 === passwords[0] || $0.constantTimeEquals(passwords[0]) }) {
            throw ValidatorKeysError(.invalidPassword, "a shared salt needs the same password for every keystore")
        }
        let accountRoot = ValidatorCredential.accountRoot(master: try DerivedKey.master(seed: seed))
        let counter = Counter()

        // 1. Keys and deposit signatures (cheap next to the KDFs).
        let credentials = try parallelMap(request.count, onEach: { progress(.deriving, counter.next()) }) {
            (i) throws(ValidatorKeysError) in
            let credential = try ValidatorCredential(accountRoot: accountRoot, index: request.startIndex + UInt32(i))
            let deposit = try SignedDeposit(
                credential: credential, withdrawal: request.withdrawal, amountGwei: request.amountGwei, chain: request.chain)
            return (credential, deposit)
        }

        // 2. KDFs: one per keystore, or one per run.
        counter.reset()
        var shared: (KeystoreKDF, SymmetricKey)?
        if request.saltPolicy == .sharedPerRun {
            let kdf = freshKDF(request.kdf)
            shared = (kdf, try Keystore.deriveKey(password: passwords[0], kdf: kdf))
        }
        let sharedKDF = shared
        let outputs = try parallelMap(request.count, onEach: { progress(.encrypting, counter.next()) }) {
            (i) throws(ValidatorKeysError) -> (Output, SymmetricKey) in
            let (credential, deposit) = credentials[i]
            let kdf: KeystoreKDF, key: SymmetricKey
            if let sharedKDF {
                (kdf, key) = sharedKDF
            } else {
                kdf = freshKDF(request.kdf)
                key = try Keystore.deriveKey(password: passwords[i], kdf: kdf)
            }
            let keystore = try Keystore.encrypt(
                secretKey: credential.signingKey, decryptionKey: key, kdf: kdf, path: credential.signingPath)
            let output = Output(index: credential.index, keystore: keystore, keystoreJSON: keystore.jsonString, deposit: deposit)
            return (output, key)
        }

        // 3. Verify everything before anyone writes it.
        counter.reset()
        _ = try parallelMap(request.count, onEach: { progress(.verifying, counter.next()) }) { (i) throws(ValidatorKeysError) in
            let (output, key) = outputs[i]
            let parsed = try Keystore(json: Data(output.keystoreJSON.utf8))
            guard parsed.kdf == output.keystore.kdf else {
                throw ValidatorKeysError(.verificationFailed, "keystore \(output.index) does not carry the KDF parameters it was made with")
            }
            let secret = try parsed.decryptSecretKey(decryptionKey: key)
            let matches = secret.withSerializedBytes { a in
                credentials[i].0.signingKey.withSerializedBytes { b in constantTimeEqual(a, b) }
            }
            guard matches, output.deposit.verify() else {
                throw ValidatorKeysError(.verificationFailed, "self-check failed for validator \(output.index)")
            }
        }
        return outputs.map(\.0)
    }

    /// ``run(seed:passwords:request:progress:)`` for async callers: the blocking parallel loop runs
    /// on a Dispatch worker thread while the caller is suspended, so it never holds one of the Swift
    /// concurrency pool's threads (and no task group is nested around it).
    ///
    /// - Throws: what ``run(seed:passwords:request:progress:)`` throws.
    public static func generate(
        seed: SymmetricKey, passwords: [KeystorePassword], request: Request,
        progress: @Sendable @escaping (Stage, Int) -> Void = { _, _ in }
    ) async throws(ValidatorKeysError) -> [Output] {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<[Output], ValidatorKeysError>, Never>) in
            DispatchQueue.global().async {
                do throws(ValidatorKeysError) {
                    continuation.resume(returning: .success(try run(seed: seed, passwords: passwords, request: request, progress: progress)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }

    private static func freshKDF(_ choice: KDFChoice) -> KeystoreKDF {
        switch choice {
        case .scrypt: .defaultScrypt()
        case .pbkdf2: .defaultPBKDF2()
        case .custom(.scrypt(let n, let r, let p, _)): .scrypt(n: n, r: r, p: p, salt: randomBytes(32))
        case .custom(.pbkdf2(let c, _)): .pbkdf2(c: c, salt: randomBytes(32))
        }
    }

    private final class Counter: @unchecked Sendable {  // only touched under parallelMap's lock
        private var value = 0
        func next() -> Int { value += 1; return value }
        func reset() { value = 0 }
    }
}

/// Constant-time equality of two byte buffers of public length.
func constantTimeEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
    guard a.count == b.count else { return false }
    var diff: UInt8 = 0
    for i in 0..<a.count { diff |= a[i] ^ b[i] }
    return diff == 0
}

func constantTimeEqual(_ a: SymmetricKey, _ b: SymmetricKey) -> Bool {
    a.withUnsafeBytes { x in b.withUnsafeBytes { y in constantTimeEqual(x, y) } }
}

extension KeyGeneration {
    /// Runs `count` KDF derivations of `kdf`'s kind (fresh salts) spread over every core, as
    /// ``run(seed:passwords:request:progress:)`` does: the "KDF bound" a generation of `count`
    /// keystores cannot beat. For benchmarks.
    public static func runKDFs(count: Int, kdf: KDFChoice, password: KeystorePassword) throws(ValidatorKeysError) {
        guard count > 0 else { return }
        _ = try parallelMap(count) { (_) throws(ValidatorKeysError) in
            try Keystore.deriveKey(password: password, kdf: freshKDF(kdf)).bitCount
        }
    }
}
