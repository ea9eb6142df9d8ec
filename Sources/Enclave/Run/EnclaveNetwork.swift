#if canImport(Glibc)
import Glibc
#endif

/// The network a Nitro enclave boots with: only a loopback interface, and down. The signer and
/// the KMS proxy listen on 127.0.0.1, and the AWS client must reach `kms.REGION.amazonaws.com`
/// there (the proxy carries its TLS to the parent, which forwards it to KMS), so both are set up
/// before anything listens — as AWS's own enclave samples do in their init scripts.
package enum EnclaveNetwork {
    /// Brings `lo` up when it is down (`SIOCGIFFLAGS`, then `SIOCSIFFLAGS` with `IFF_UP`).
    ///
    /// - Throws: ``EnclaveError/Code/listen`` with the kernel's error.
    package static func bringUpLoopback() throws(EnclaveError) {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw EnclaveError(.listen, "a socket for the loopback interface: errno \(errno)") }
        defer { close(fd) }
        var request = ifreq()
        withUnsafeMutableBytes(of: &request.ifr_ifrn.ifrn_name) { name in
            for (index, byte) in "lo".utf8.enumerated() { name[index] = byte }
        }
        guard ioctl(fd, UInt(SIOCGIFFLAGS), &request) == 0 else { throw EnclaveError(.listen, "reading lo's flags: errno \(errno)") }
        let up = Int16(IFF_UP)
        guard request.ifr_ifru.ifru_flags & up == 0 else { return }
        request.ifr_ifru.ifru_flags |= up
        guard ioctl(fd, UInt(SIOCSIFFLAGS), &request) == 0 else { throw EnclaveError(.listen, "bringing lo up: errno \(errno)") }
    }

    /// Makes `host` resolve to 127.0.0.1 through `hostsFile`, unless it is already listed there.
    ///
    /// - Throws: ``EnclaveError/Code/listen`` when the file cannot be read or written.
    package static func mapToLoopback(_ host: String, hostsFile: String = "/etc/hosts") throws(EnclaveError) {
        var existing = ""
        if let file = fopen(hostsFile, "r") {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = fread(&buffer, 1, buffer.count, file)
                guard count > 0 else { break }
                existing += String(decoding: buffer[0..<count], as: UTF8.self)
            }
            fclose(file)
        }
        let listed = existing.split(separator: "\n").contains { line in
            line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().contains { $0 == host }
        }
        guard !listed else { return }
        guard let file = fopen(hostsFile, "a") else { throw EnclaveError(.listen, "cannot write \(hostsFile): errno \(errno)") }
        defer { fclose(file) }
        let line = (existing.isEmpty || existing.hasSuffix("\n") ? "" : "\n") + "127.0.0.1 \(host)\n"
        guard fputs(line, file) >= 0 else { throw EnclaveError(.listen, "cannot write \(hostsFile): errno \(errno)") }
    }
}
