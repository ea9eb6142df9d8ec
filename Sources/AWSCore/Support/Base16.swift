/// Lower-case hex of bytes, no prefix: SigV4's `HexEncode` (AWS Signature Version 4,
/// "Elements of an AWS API request signature").
///
/// AWSCore's own, so that the AWS layer does not depend on `EthereumCore` (DESIGN.md §2).
enum Base16 {
    private static let digits = Array("0123456789abcdef".utf8)

    static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
