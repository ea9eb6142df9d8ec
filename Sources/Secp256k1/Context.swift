import Secrets
import CSecp256k1

/// The process-wide libsecp256k1 context, created once and randomised against side channels
/// (`secp256k1_context_randomize`, blinding the generator multiplications of signing and key
/// creation). libsecp256k1 functions take it as `const`, so concurrent use is safe.
final class Context: @unchecked Sendable {
    static let shared = Context()

    let pointer: OpaquePointer

    private init() {
        // SECP256K1_CONTEXT_NONE: since libsecp256k1 0.2 every context can sign and verify.
        guard let ctx = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else {
            fatalError("secp256k1_context_create failed")  // invariant: fails only when malloc does, at first use, on no input
        }
        var seed = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in seed.indices { seed[i] = rng.next() }
        guard secp256k1_context_randomize(ctx, seed) == 1 else { fatalError("secp256k1_context_randomize failed") }  // invariant: a 32-byte seed on a fresh context always succeeds
        seed.wipe()
        pointer = ctx
    }
}

/// The group order n of secp256k1 (SEC 2 §2.4.1), big-endian.
let curveOrder: [UInt8] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
]

/// ⌊n / 2⌋, the largest s that EIP-2 ("low-s") accepts, big-endian.
let halfCurveOrder: [UInt8] = [
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0,
]

/// Big-endian comparison of two 32-byte integers. Variable-time: for public values only.
func compareVartime(_ a: [UInt8], _ b: [UInt8]) -> Int {
    for i in 0..<32 where a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
    return 0
}

/// `a − b` for 32-byte big-endian integers with a ≥ b. Variable-time: for public values only.
func subtractVartime(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: 32)
    var borrow = 0
    for i in (0..<32).reversed() {
        let d = Int(a[i]) - Int(b[i]) - borrow
        out[i] = UInt8((d + 256) & 0xff)
        borrow = d < 0 ? 1 : 0
    }
    return out
}
