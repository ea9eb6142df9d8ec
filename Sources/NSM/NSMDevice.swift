#if canImport(Glibc)
import Glibc
#endif
import CBOR

/// The Nitro Secure Module driver, `/dev/nsm`: one `ioctl(NSM_IOCTL_REQUEST)` per request, with a
/// `struct nsm_message { struct iovec request; struct iovec response; }` (Linux
/// `include/uapi/linux/nsm.h`). Only present inside a Nitro enclave.
public struct NSMDevice: NitroSecureModule {
    /// `_IOWR(0x0A, 0, struct nsm_message)`: read-write, 32-byte argument, type 0x0A, number 0.
    static let request: UInt = 0xC020_0A00
    /// The largest response the driver returns (`NSM_RESPONSE_MAX_SIZE`).
    static let maximumResponse = 0x3000
    public static let path = "/dev/nsm"

    public init() {}

    /// Whether this machine has the device (a Nitro enclave).
    public static var isPresent: Bool { access(path, F_OK) == 0 }

    public func attestation(publicKey: [UInt8]?, userData: [UInt8]?, nonce: [UInt8]?) throws(NSMError) -> [UInt8] {
        try NSMMessages.document(try call(NSMMessages.attestationRequest(publicKey: publicKey, userData: userData, nonce: nonce)))
    }

    public func describePCR(_ index: UInt16) throws(NSMError) -> (locked: Bool, value: [UInt8]) {
        try NSMMessages.pcr(try call(NSMMessages.describePCRRequest(index)))
    }

    private func call(_ request: [UInt8]) throws(NSMError) -> [UInt8] {
        let fd = open(Self.path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { throw NSMError(.unavailable, "\(Self.path) cannot be opened (errno \(errno)): not inside a Nitro enclave") }
        defer { close(fd) }
        var input = request
        var output = [UInt8](repeating: 0, count: Self.maximumResponse)
        let (result, length) = input.withUnsafeMutableBytes { requestBytes in
            output.withUnsafeMutableBytes { responseBytes in
                var message = (
                    iovec(iov_base: requestBytes.baseAddress, iov_len: requestBytes.count),
                    iovec(iov_base: responseBytes.baseAddress, iov_len: responseBytes.count))
                let result = withUnsafeMutablePointer(to: &message) { ioctl(fd, Self.request, $0) }
                return (result, message.1.iov_len)
            }
        }
        guard result == 0 else { throw NSMError(.refused, "ioctl on \(Self.path) failed (errno \(errno))") }
        guard length <= output.count else { throw NSMError(.badResponse, "the driver reported \(length) bytes of answer") }
        return Array(output[0..<length])
    }
}
