// The constant-time check of BLS key handling (scripts/check-constant-time runs it under valgrind):
// the secret's bytes are marked undefined to memcheck, then the library's own public API runs on
// them: EIP-2333 derivation from a seed (DerivedKey), SecretKey(bytes:), publicKey() and sign(),
// EIP-2335 keystore decryption from its decryption key.
// Memcheck reports every conditional jump and memory address computed from them, except after the
// library declares a value public (Declassify.publish: a key's validity, a zero EIP-2333 result,
// a keystore checksum's verdict, the affine coordinates a point's encoding publishes). The outputs are compared with the same
// calls on unmarked bytes. Exit 0 only when memcheck reported nothing on any key's path and every
// output matched (the self-test's deliberate report is expected, so valgrind's own exit code is
// not the verdict).
import BLS12381
import CValgrindClient
import Crypto
import ValidatorKeys

#if canImport(Glibc)
import Glibc
#endif

guard ek_valgrind_headers() == 1 else {
    print("constant-time check: built without valgrind's headers (apt-get install valgrind), so it cannot mark secrets")
    exit(2)
}
guard ek_running_on_valgrind() != 0 else {
    print("constant-time check: run it under valgrind: scripts/check-constant-time")
    exit(2)
}
print("field kernel: \(BLSMicrobenchmarks.fieldKernel)")

// First, that marking works: a table read at a secret index must be reported, or a silent
// valgrind (or marks that do nothing) would pass every key below.
do {
    var secret: UInt8 = 3
    let table = [UInt8](0..<255)
    let errorsBefore = ek_valgrind_errors()
    ek_mark_secret(&secret, 1)
    var leaked = table[Int(secret)]  // deliberately secret-dependent
    ek_mark_public(&leaked, 1)
    ek_mark_public(&secret, 1)
    guard ek_valgrind_errors() > errorsBefore, leaked == 3 else {
        print("constant-time check: memcheck did not report a deliberate secret-indexed read; the check would prove nothing")
        exit(1)
    }
    print("self-test: memcheck reported the deliberate secret-indexed read (expected above)")
}
Declassify.hook = { ek_mark_public($0.baseAddress, $0.count) }

/// Runs `body` with `bytes` marked secret and returns what it returned and how many reports
/// memcheck made meanwhile.
func underSecret<R>(_ bytes: [UInt8], _ body: ([UInt8]) throws -> R) rethrows -> (R, reports: UInt32) {
    let secret = bytes.map { $0 }  // its own buffer, so the marks stay on this copy
    let before = ek_valgrind_errors()
    secret.withUnsafeBytes { ek_mark_secret($0.baseAddress, $0.count) }
    defer { secret.withUnsafeBytes { ek_mark_public($0.baseAddress, $0.count) } }
    let result = try body(secret)
    return (result, ek_valgrind_errors() - before)
}

let r: [UInt8] = [0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8, 0x08, 0x09, 0xa1, 0xd8, 0x05,
                  0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe, 0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01]
var rMinus1 = r
rMinus1[31] = 0
var generator = SystemRandomNumberGenerator()
var keys: [[UInt8]] = [
    [UInt8](repeating: 0, count: 31) + [1],  // 1: every GLS digit but the lowest is zero
    rMinus1,  // r - 1: the largest key
    [UInt8](repeating: 0x11, count: 32),
]
while keys.count < 6 {
    var bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    bytes[0] &= 0x3f
    keys.append(bytes)
}
let seeds: [[UInt8]] = [[UInt8](repeating: 0, count: 64), (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }]
let message = Array("constant-time check".utf8)
let path = KeyPath(indices: [12381, 3600, 0, 0, 0])

/// Prints one run's outcome; 1 when it failed.
func report(_ what: String, reports: UInt32, matches: Bool) -> Int {
    print("\(what): \(reports) memcheck report(s) on the secret path; outputs \(matches ? "match" : "DIFFER")")
    return reports != 0 || !matches ? 1 : 0
}

var failures = 0

do {
    for (index, bytes) in keys.enumerated() {
        let reference = try SecretKey(bytes: bytes)
        let expected = (reference.publicKey().compressed, reference.sign(message).compressed)
        let (got, reports) = try underSecret(bytes) { secret in
            let key = try SecretKey(bytes: secret)
            return (key.publicKey().compressed, key.sign(message).compressed)
        }
        failures += report("key \(index): SecretKey(bytes:), publicKey(), sign()", reports: reports, matches: got == expected)
    }
    for (index, seed) in seeds.enumerated() {
        func derive(_ seed: [UInt8]) throws -> [UInt8] {
            let key = try DerivedKey.master(seed: SymmetricKey(data: seed)).derive(path)
            return try key.withUnsafeBytes { try SecretKey(bytes: $0) }.publicKey().compressed
        }
        let expected = try derive(seed)
        let (got, reports) = try underSecret(seed) { try derive($0) }
        failures += report("seed \(index): EIP-2333 master and m/12381/3600/0/0/0, then its public key", reports: reports, matches: got == expected)
    }
    // EIP-2335 decryption from the decryption key (the KDF's output) on: checksum, its
    // comparison, AES-128-CTR, the key's validity and its public key against the keystore's.
    // (The password's normalisation before the KDF looks characters up in tables: not checked.)
    for (index, bytes) in keys.prefix(2).enumerated() {
        let decryptionKey = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let keystore = try Keystore.encrypt(
            secretKey: try SecretKey(bytes: bytes), decryptionKey: SymmetricKey(data: decryptionKey),
            kdf: .pbkdf2(c: 1, salt: [UInt8](repeating: 1, count: 32)), path: path)
        let expected = try SecretKey(bytes: bytes).publicKey().compressed
        let (got, reports) = try underSecret(decryptionKey) {
            try keystore.decryptSecretKey(decryptionKey: SymmetricKey(data: $0)).publicKey().compressed
        }
        failures += report("keystore \(index): decryptSecretKey(decryptionKey:)", reports: reports, matches: got == expected)
        var wrong = decryptionKey
        wrong[31] ^= 1
        let (refused, wrongReports) = underSecret(wrong) { key -> Bool in
            do { _ = try keystore.decryptSecretKey(decryptionKey: SymmetricKey(data: key)); return false } catch { return true }
        }
        failures += report("keystore \(index): a wrong decryption key refused", reports: wrongReports, matches: refused)
    }
} catch {
    print("constant-time check: \(error)")
    exit(1)
}
let runs = keys.count + seeds.count + 4
print(failures == 0 ? "constant-time check: passed (\(keys.count) keys, \(seeds.count) seeds, 2 keystores)" : "constant-time check: FAILED for \(failures) of \(runs)")
exit(failures == 0 ? 0 : 1)
