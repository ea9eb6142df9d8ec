import Crypto

/// The measurements of an enclave image file (EIF), as the Nitro hypervisor extends them into
/// PCRs when it boots the image and as `nitro-cli describe-eif` prints them
/// (aws-nitro-enclaves-image-format: `EifHeader`, `EifSectionHeader`, `EifReader`).
///
/// Each register is `SHA-384(0⁴⁸ ‖ SHA-384(data))`, a TPM-style extend of a zero register by the
/// hash of the bytes measured: PCR0 the kernel, command line and every ramdisk in file order;
/// PCR1 the kernel, command line and first ramdisk; PCR2 the later ramdisks; PCR8 the DER of the
/// signing certificate of a signed image.
public struct EnclaveImageMeasurement: Sendable, Equatable {
    /// The EIF format version (1…4).
    public let version: UInt16
    /// 48 bytes each.
    public let pcr0: [UInt8], pcr1: [UInt8], pcr2: [UInt8]
    /// 48 bytes, for a signed image only.
    public let pcr8: [UInt8]?

    /// `{"PCR0": "<96 hex>", "PCR1": …, "PCR2": …}` plus `PCR8` for a signed image, keys sorted.
    public var json: String {
        var members = [("PCR0", pcr0), ("PCR1", pcr1), ("PCR2", pcr2)]
        if let pcr8 { members.append(("PCR8", pcr8)) }
        return "{" + members.map { "\"\($0)\": \"\(AttestationPolicy.hex($1))\"" }.joined(separator: ", ") + "}"
    }
}

public enum EnclaveImage {
    /// `.eif` in ASCII.
    static let magic: [UInt8] = [0x2e, 0x65, 0x69, 0x66]
    /// magic 4, version 2, flags 2, default_mem 8, default_cpus 8, reserved 2, num_sections 2,
    /// section_offsets 32 × 8, section_sizes 32 × 8, unused 4, eif_crc32 4.
    static let headerSize = 548
    static let sectionHeaderSize = 12
    static let maximumSections = 32
    /// Section types (`EifSectionType`).
    enum SectionType: UInt16 { case kernel = 1, cmdline, ramdisk, signature, metadata }
    /// A signature or metadata section larger than this is refused (real ones are a few KiB).
    static let maximumSmallSection = 1 << 20

    /// Measures an EIF read in order through `read`, which returns up to the number of bytes asked
    /// for (fewer only at the end). Sections are streamed: a large ramdisk is never held whole.
    ///
    /// - Throws: ``NitroAttestationError/Code/malformedImage`` naming what is wrong: the magic, a
    ///   version outside 1…4, more than 32 sections, an unknown section type, a truncated section,
    ///   bytes after the last section,
    ///   sizes or offsets that disagree with the header, a CRC mismatch (version 2 on), no kernel,
    ///   or a signature section without a PEM certificate.
    public static func measure(_ read: @escaping (Int) throws -> [UInt8]) throws(NitroAttestationError) -> EnclaveImageMeasurement {
        var reader = Reader(read: read)
        let header = try reader.exactly(headerSize, "the header")
        guard Array(header[0..<4]) == magic else { throw bad("not an enclave image file (no .eif magic)") }
        let version = UInt16(header[4]) << 8 | UInt16(header[5])
        guard (1...4).contains(version) else { throw bad("EIF version \(version); 1 to 4 are read") }
        let sectionCount = Int(UInt16(header[26]) << 8 | UInt16(header[27]))
        guard sectionCount <= maximumSections else { throw bad("\(sectionCount) sections; at most \(maximumSections)") }
        func field(_ offset: Int) -> UInt64 { header[offset..<offset + 8].reduce(0) { $0 << 8 | UInt64($1) } }
        let storedCRC = header[544..<548].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        var crc = CRC32()
        crc.update(header[0..<544])

        var image = SHA384(), bootstrap = SHA384(), application = SHA384()
        var certificate: [UInt8]?
        var ramdisks = 0, kernels = 0, sections = 0
        var offset = UInt64(headerSize)
        while sections < sectionCount, let sectionHeader = try reader.upTo(sectionHeaderSize) {
            guard sectionHeader.count == sectionHeaderSize else { throw bad("section \(sections) header is truncated") }
            let rawType = UInt16(sectionHeader[0]) << 8 | UInt16(sectionHeader[1])
            guard let type = SectionType(rawValue: rawType) else { throw bad("section \(sections) has type \(rawType), not 1 to 5") }
            let size = sectionHeader[4..<12].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard field(28 + 8 * sections) == offset, field(284 + 8 * sections) == size else {
                throw bad("section \(sections) is at \(offset) with \(size) bytes; the header says \(field(28 + 8 * sections)) with \(field(284 + 8 * sections))")
            }
            crc.update(sectionHeader[...])
            switch type {
            case .kernel, .cmdline, .ramdisk:
                if type == SectionType.kernel { kernels += 1 }
                let boot = type != SectionType.ramdisk || ramdisks == 0
                try reader.stream(size, "section \(sections)") { chunk in
                    crc.update(chunk)
                    image.update(data: chunk)
                    if boot { bootstrap.update(data: chunk) } else { application.update(data: chunk) }
                }
                if type == SectionType.ramdisk { ramdisks += 1 }
            case .signature, .metadata:
                guard size <= maximumSmallSection else { throw bad("section \(sections) (\(type)) is \(size) bytes; at most \(maximumSmallSection)") }
                let body = try reader.exactly(Int(size), "section \(sections)")
                crc.update(body[...])
                if type == SectionType.signature { certificate = try signingCertificate(body) }
            }
            offset += UInt64(sectionHeaderSize) + size
            sections += 1
        }
        guard sections == sectionCount else { throw bad("the header lists \(sectionCount) sections; the file has \(sections)") }
        if let extra = try reader.upTo(1 << 16) {
            throw bad("\(extra.count == 1 << 16 ? "64 KiB or more" : "\(extra.count) bytes") after the last of the \(sectionCount) sections the header lists")
        }
        guard kernels == 1 else { throw bad("\(kernels) kernel sections; an image has one") }
        if version >= 2, crc.value != storedCRC {
            throw bad("CRC32 is \(String(crc.value, radix: 16)); the header says \(String(storedCRC, radix: 16)) (the file is corrupt)")
        }
        return EnclaveImageMeasurement(
            version: version, pcr0: extend(image), pcr1: extend(bootstrap), pcr2: extend(application),
            pcr8: certificate.map { der in var hash = SHA384(); hash.update(data: der); return extend(hash) })
    }

    /// `SHA-384(0⁴⁸ ‖ SHA-384(data))` (`EifHasher::tpm_extend_finalize_reset`).
    static func extend(_ hash: SHA384) -> [UInt8] {
        var register = SHA384()
        register.update(data: [UInt8](repeating: 0, count: 48))
        register.update(data: Array(hash.finalize()))
        return Array(register.finalize())
    }

    static func bad(_ reason: String) -> NitroAttestationError { NitroAttestationError(.malformedImage, reason) }
}

/// Reads exactly what is asked, or says what was cut short.
private struct Reader {
    let read: (Int) throws -> [UInt8]
    static let chunk = 1 << 20

    func upTo(_ count: Int) throws(NitroAttestationError) -> [UInt8]? {
        var bytes: [UInt8] = []
        while bytes.count < count {
            let more: [UInt8]
            do { more = try read(count - bytes.count) } catch { throw EnclaveImage.bad("reading the image: \(error)") }
            if more.isEmpty { break }
            bytes += more.prefix(count - bytes.count)
        }
        return bytes.isEmpty ? nil : bytes
    }

    func exactly(_ count: Int, _ what: String) throws(NitroAttestationError) -> [UInt8] {
        guard count > 0 else { return [] }
        guard let bytes = try upTo(count), bytes.count == count else { throw EnclaveImage.bad("\(what) is truncated") }
        return bytes
    }

    func stream(_ size: UInt64, _ what: String, _ body: ([UInt8]) -> Void) throws(NitroAttestationError) {
        var left = size
        while left > 0 {
            let count = Int(min(left, UInt64(Self.chunk)))
            body(try exactly(count, what))
            left -= UInt64(count)
        }
    }
}
