// The constant-time check of BLS signing (scripts/check-constant-time runs it under valgrind):
// for each key, its bytes are marked secret (undefined to memcheck), SkToPk and Sign run on them
// through ConstantTimeProbe, and memcheck reports every conditional jump and memory address that
// depends on them. The outputs are compared with SecretKey's, so the probe is the real path.
// Exit 0 only when memcheck reported nothing on any key's path and every output matched (the
// self-test's deliberate report is expected, so valgrind's own exit code is not the verdict).
import BLS12381
import CValgrindClient

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
while keys.count < 8 {
    var bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
    bytes[0] &= 0x3f
    keys.append(bytes)
}
let message = Array("constant-time check".utf8)
print("field kernel: \(BLSMicrobenchmarks.fieldKernel)")

// First, that marking works: a table read at a secret index must be reported, or a silent
// valgrind (or marks that do nothing) would pass every key below.
do {
    let secret = UnsafeMutableRawBufferPointer.allocate(byteCount: 1, alignment: 1)
    defer { secret.deallocate() }
    secret[0] = 3
    let table = [UInt8](0..<255)
    let errorsBefore = ek_valgrind_errors()
    ek_mark_secret(secret.baseAddress, 1)
    var leaked = table[Int(secret[0])]  // deliberately secret-dependent
    ek_mark_public(&leaked, 1)
    ek_mark_public(secret.baseAddress, 1)
    guard ek_valgrind_errors() > errorsBefore, leaked == 3 else {
        print("constant-time check: memcheck did not report a deliberate secret-indexed read; the check would prove nothing")
        exit(1)
    }
    print("self-test: memcheck reported the deliberate secret-indexed read (expected above)")
}

var failures = 0
for (index, bytes) in keys.enumerated() {
    let expected: (publicKey: [UInt8], signature: [UInt8])
    do {
        let key = try SecretKey(bytes: bytes)
        expected = (key.publicKey().compressed, key.sign(message).compressed)
    } catch {
        print("key \(index): \(error)")
        failures += 1
        continue
    }
    let secret = UnsafeMutableRawBufferPointer.allocate(byteCount: 32, alignment: 8)
    defer { secret.initializeMemory(as: UInt8.self, repeating: 0); secret.deallocate() }
    secret.copyBytes(from: bytes)
    let errorsBefore = ek_valgrind_errors()
    ek_mark_secret(secret.baseAddress, 32)
    let result = ConstantTimeProbe.run(key: UnsafeRawBufferPointer(secret), message: message) { ek_mark_public($0.baseAddress, $0.count) }
    ek_mark_public(secret.baseAddress, 32)
    let reported = ek_valgrind_errors() - errorsBefore
    let matches = result.map { $0.publicKey == expected.publicKey && $0.signature == expected.signature } ?? false
    print("key \(index): \(reported) memcheck report(s) on the secret path; outputs \(matches ? "match" : "DIFFER FROM") SecretKey's")
    if reported != 0 || !matches { failures += 1 }
}
print(failures == 0 ? "constant-time check: passed (\(keys.count) keys)" : "constant-time check: FAILED for \(failures) of \(keys.count) keys")
exit(failures == 0 ? 0 : 1)
